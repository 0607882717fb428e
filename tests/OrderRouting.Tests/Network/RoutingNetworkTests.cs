using FsCheck;
using FsCheck.Fluent;
using OrderRouting.Network;
using OrderRouting.Testing;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Network;

public class RoutingNetworkTests
{
    [Fact]
    public void Create_InvalidLocations_ReportsEveryProblemTogether()
    {
        var error = Assert.Throws<RoutingNetworkException>(() => RoutingNetwork.Create(
        [
            Location("a", capacity: -1),
            Location("a", services: [Service(baseCost: -1, transit: 400, score: 1.5) with { Carrier = "" }]),
            null!,
        ]));
        Assert.Equal(
            "The routing network has 7 problems:" + string.Concat(new[]
            {
                "Locations[0].DailyCapacity: must not be negative, was -1",
                "Locations[1].Id: \"a\" appears twice",
                "Locations[1].Services[0].Carrier: must not be empty",
                "Locations[1].Services[0].BaseCost: must be a finite number >= 0, was -1",
                "Locations[1].Services[0].TransitDays: must be in [0, 365], was 400",
                "Locations[1].Services[0].Score: must be in [0, 1], was 1.5",
                "Locations[2]: is required",
            }.Select(p => Environment.NewLine + "- " + p)),
            error.Message);
        Assert.Equal(7, error.Problems.Count);
    }

    [Fact]
    public void Indexer_KnownAndUnknownIds()
    {
        var network = RoutingNetwork.Create([Location("a"), Location("b")]);
        Assert.Equal(2, network.Count);
        Assert.Same(network.Locations[1], network[LocationId.Of("b")]);
        Assert.True(network.TryGetIndex(LocationId.Of("b"), out var index));
        Assert.Equal(1, index);
        Assert.Throws<KeyNotFoundException>(() => network[LocationId.Of("z")]);
    }

    [Fact]
    public void Create_CarrierAndServiceOfWhiteSpace_Accepted()
    {
        var network = RoutingNetwork.Create([Location("a", services: [Service(carrier: " ", service: "\t")])]);
        Assert.Equal(" ", network.Locations[0].Services[0].Carrier);
    }

    [Fact]
    public void CostOf_MoreThanInt32Units_ExactInDoublePrecision()
    {
        var service = Service(baseCost: 1, perKm: 0, perUnit: 1);
        Assert.Equal(4294967295.0, service.CostOf(null, 2L * int.MaxValue));
    }

    [Fact]
    public void CostOf_UnknownDistance_AddsNoPerKmCost()
    {
        var service = Service(baseCost: 4.9, perKm: 0.002, perUnit: 0.25);
        Assert.Equal(4.9 + 0.25 * 3, service.CostOf(null, 3));
        Assert.Equal(4.9 + 0.002 * 100 + 0.25 * 3, service.CostOf(100, 3));
    }

    [PropertyTest]
    public Property CompiledDistance_EqualsGeoPointDistanceBitForBit() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(-90_000, 90_000).Zip(Gen.Choose(-180_000, 180_000))),
            Arb.From(Gen.Choose(-90_000, 90_000).Zip(Gen.Choose(-180_000, 180_000))),
            (from, to) =>
            {
                var a = GeoPoint.Of(from.Item1 / 1000.0, from.Item2 / 1000.0);
                var b = GeoPoint.Of(to.Item1 / 1000.0, to.Item2 / 1000.0);
                var compiled = RoutingNetwork.Create([Location("a", position: a)]).Compiled[0];
                return compiled.DistanceTo(b) == a.DistanceKm(b);
            });

    [PropertyTest]
    public Property ApproximateDistance_WithinItsErrorBoundOfTheExact() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(-90_000, 90_000).Zip(Gen.Choose(-180_000, 180_000))),
            Arb.From(Gen.Choose(0, 4).Zip(Gen.Choose(-1_000_000, 1_000_000).Zip(Gen.Choose(-1_000_000, 1_000_000)))),
            (from, offset) =>
            {
                // The second point: far, near (down to 1e-9°) or near the antipode, where asin∘√ is steepest.
                var a = GeoPoint.Of(from.Item1 / 1000.0, from.Item2 / 1000.0);
                var scale = offset.Item1 switch { 0 => 1e-9, 1 => 1e-6, 2 => 1e-3, _ => 1e-4 };
                var (lat, lon) = offset.Item1 == 4 ? (-a.Latitude, a.Longitude <= 0 ? a.Longitude + 180 : a.Longitude - 180) : (a.Latitude, a.Longitude);
                var b = GeoPoint.Of(Math.Clamp(lat + offset.Item2.Item1 * scale, -90, 90), Math.Clamp(lon + offset.Item2.Item2 * scale, -180, 180));
                var compiled = RoutingNetwork.Create([Location("a", position: a)]).Compiled[0];
                var approximate = compiled.ApproximateDistanceKm(new CompiledLocation.ShipToVector(new CompiledLocation.ShipToPoint(b)));
                var error = Math.Abs(approximate - compiled.DistanceTo(b));
                // A fifth of the bound: the bound's margin is part of what is checked.
                return (error <= CompiledLocation.ApproximateDistanceErrorKm / 5).Label($"{a} to {b}: off by {error} km");
            });

    /// <summary>A network's distances on vector lanes (its last vector overlapping the one before, lanes of unknown
    /// positions, lanes beyond the near range) are bit for bit those of one location at a time.</summary>
    [PropertyTest]
    public Property ApproximateDistances_OnVectorLanes_AreThoseOfOneLocationAtATime() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(1, 23))),
            input =>
            {
                var (seed, count) = input;
                var random = new Random(seed);
                // Around a ship-to: mostly near (within about 3,000 km), some far, some unknown.
                var (lat, lon) = (random.NextDouble() * 160 - 80, random.NextDouble() * 360 - 180);
                var spread = random.Next(3) switch { 0 => 0.001, 1 => 10.0, _ => 60.0 };
                var locations = Enumerable.Range(0, count).Select(i => Location($"l{i}", priority: random.Next(3),
                    position: random.Next(8) == 0 ? null : GeoPoint.Of(Math.Clamp(lat + (random.NextDouble() - 0.5) * spread, -90, 90),
                        Math.Clamp(lon + (random.NextDouble() - 0.5) * spread, -180, 180)))).ToArray();
                var network = RoutingNetwork.Create(locations);
                if (!UnitVectorColumns.Vectorised(count)) return true.ToProperty();
                var shipTo = new CompiledLocation.ShipToVector(new CompiledLocation.ShipToPoint(GeoPoint.Of(lat, lon)));
                var km = new double[count];
                network.UnitVectors.ApproximateDistancesKm(shipTo, km);
                for (var r = 0; r < count; r++)
                {
                    var expected = network.Compiled[network.TieOrder[r]].ApproximateDistanceKm(shipTo);
                    if (BitConverter.DoubleToInt64Bits(km[r]) != BitConverter.DoubleToInt64Bits(expected))
                        return false.Label($"tie rank {r}: {km[r]:R} on lanes, {expected:R} alone");
                }
                return true.ToProperty();
            });

    [Fact]
    public void ApproximateDistance_UnknownPosition_IsInfinite()
    {
        var compiled = RoutingNetwork.Create([Location("a", position: null)]).Compiled[0];
        var shipTo = new CompiledLocation.ShipToVector(new CompiledLocation.ShipToPoint(GeoPoint.Of(52, 13)));
        Assert.Equal(double.PositiveInfinity, compiled.ApproximateDistanceKm(shipTo));
        var known = RoutingNetwork.Create([Location("b", position: GeoPoint.Of(52, 13))]).Compiled[0];
        Assert.Equal(double.PositiveInfinity, known.ApproximateDistanceKm(new CompiledLocation.ShipToVector(new CompiledLocation.ShipToPoint(null))));
    }
}
