namespace OrderRouting.Sample.Simulation;

/// <summary>
/// Deterministic randomness keyed by what is being decided ("does shipment web-1001/1 short-pick?"), derived from the
/// seed: the same seed and key always give the same answer, whatever happened before. Keyed draws keep one decision
/// from shifting every later one, so turning a behaviour off changes only that behaviour.
/// </summary>
/// <remarks>Immutable and thread-safe. Not for cryptography.</remarks>
internal readonly struct Chance(long seed)
{
    /// <summary>A number in [0, 1) for the decision <paramref name="topic"/> about <paramref name="key"/> (attempt <paramref name="n"/>).</summary>
    public double Unit(string topic, string key, int n = 0)
    {
        var h = SplitMix((ulong)seed ^ Fnv(topic));
        h = SplitMix(h ^ Fnv(key));
        h = SplitMix(h ^ (ulong)n);
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Roll(double p, string topic, string key, int n = 0) => p > 0 && Unit(topic, key, n) < p;

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max, string topic, string key, int n = 0) =>
        min + (int)Math.Floor(Unit(topic, key, n) * (max - min + 1));

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Range(double min, double max, string topic, string key, int n = 0) => min + (max - min) * Unit(topic, key, n);

    internal static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes (unlike <see cref="string.GetHashCode()"/>).</summary>
    internal static ulong Fnv(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }
}

/// <summary>A seeded sequential random stream (SplitMix64) for generating the day's demand, stable across .NET versions.</summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class SampleRandom(long seed)
{
    private ulong _state = (ulong)seed ^ 0x5DEECE66DUL;

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return (Chance.SplitMix(_state) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + (int)Math.Floor(NextDouble() * (max - min + 1));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Roll(double p) => NextDouble() < p;

    /// <summary>Picks an index by weight.</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var x = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Count - 1;
    }
}
