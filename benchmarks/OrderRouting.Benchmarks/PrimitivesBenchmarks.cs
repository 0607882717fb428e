using BenchmarkDotNet.Attributes;
using OrderRouting;

namespace OrderRouting.Benchmarks;

/// <summary>The value types on every hot path: identifier lookups and distance.</summary>
public class PrimitivesBenchmarks
{
    private readonly Dictionary<Sku, int> _stock = new();
    private Sku[] _probes = [];
    private readonly GeoPoint _berlin = GeoPoint.Of(52.52, 13.405);
    private readonly GeoPoint _munich = GeoPoint.Of(48.1351, 11.582);

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < 10_000; i++) _stock[Sku.Of($"SKU-{i:D6}")] = i;
        _probes = Enumerable.Range(0, 64).Select(i => Sku.Of($"SKU-{i * 97 % 10_000:D6}")).ToArray();
    }

    /// <summary>64 dictionary lookups keyed by <see cref="Sku"/> (its hash is cached).</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public int SkuLookup()
    {
        var sum = 0;
        foreach (var sku in _probes) sum += _stock[sku];
        return sum;
    }

    /// <summary>One haversine distance.</summary>
    [Benchmark]
    public double Haversine() => _berlin.DistanceKm(_munich);
}
