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
}
