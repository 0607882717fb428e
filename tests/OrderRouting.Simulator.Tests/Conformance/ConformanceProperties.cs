using FsCheck;
using FsCheck.Fluent;
using OrderRouting.Testing;
using Xunit;

namespace OrderRouting.Simulator.Tests.Conformance;

/// <summary>Differential testing: the simulator (and the engine behind it) against <see cref="ReferenceRouter"/>, written from the spec alone.</summary>
public sealed class ConformanceProperties
{
    [PropertyTest(Divisor = 2)]
    public Property Route_RandomSmallScenario_AgreesWithReference() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var difference = ConformanceJson.Compare(ScenarioGenerator.Generate(seed));
            Assert.True(difference is null, $"seed {seed}\n{difference}");
        });

    [PropertyTest(Divisor = 10)]
    public Property Route_RandomWideScenario_AgreesWithReference() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var difference = ConformanceJson.Compare(ScenarioGenerator.Generate(seed, wide: true));
            Assert.True(difference is null, $"seed {seed} (wide)\n{difference}");
        });

    /// <summary>Cost with 12 to 16 locations: exact up to 16 candidates (rule 12).</summary>
    [PropertyTest(Divisor = 10)]
    public Property Route_RandomCostScenarioUpTo16Locations_IsOptimal() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var difference = ConformanceJson.Compare(ScenarioGenerator.Generate(seed, strategy: "cost16"));
            Assert.True(difference is null, $"seed {seed} (cost16)\n{difference}");
        });
}
