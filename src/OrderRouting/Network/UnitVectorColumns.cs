using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrderRouting.Network;

/// <summary>
/// The locations' positions as unit vectors in tie-break order, one array per coordinate (NaN where the position is
/// unknown), so that the approximate distances of a whole network are computed on vector lanes from contiguous
/// memory.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class UnitVectorColumns
{
    private readonly CompiledLocation[] _locations;
    private readonly int[] _tieOrder;
    private readonly double[] _x, _y, _z;

    public UnitVectorColumns(CompiledLocation[] locations, int[] tieOrder)
    {
        _locations = locations;
        _tieOrder = tieOrder;
        var n = tieOrder.Length;
        (_x, _y, _z) = (new double[n], new double[n], new double[n]);
        for (var r = 0; r < n; r++)
        {
            var location = locations[tieOrder[r]];
            (_x[r], _y[r], _z[r]) = location.HasPosition ? (location.UnitX, location.UnitY, location.UnitZ) : (double.NaN, double.NaN, double.NaN);
        }
    }

    /// <summary>Whether <see cref="ApproximateDistancesKm"/> runs on vector lanes for a network of
    /// <paramref name="count"/> locations.</summary>
    public static bool Vectorised(int count) => Vector.IsHardwareAccelerated && count >= Vector<double>.Count;

    /// <summary>
    /// <c>km[r]</c> = the approximate distance of the location at tie rank <c>r</c> to <paramref name="to"/>, for every
    /// location: bit for bit what <see cref="CompiledLocation.ApproximateDistanceKm(in CompiledLocation.ShipToVector)"/>
    /// gives (the same operations on each lane; a vector with a lane beyond its near range is computed one location at
    /// a time). Only when <see cref="Vectorised"/> and <paramref name="to"/> is known. Compiled fully optimised from the
    /// first call (no tiering): its unoptimised (tier-0) code is about twice the size and many times slower, which
    /// short benchmark runs measure while they wait for the recompilation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ApproximateDistancesKm(in CompiledLocation.ShipToVector to, Span<double> km)
    {
        var n = _tieOrder.Length;
        var width = Vector<double>.Count;
        var (toX, toY, toZ) = (new Vector<double>(to.X), new Vector<double>(to.Y), new Vector<double>(to.Z));
        var near = new Vector<double>(CompiledLocation.NearRange);
        var unknown = new Vector<double>(double.PositiveInfinity);
        for (var i = 0; ; i += width)
        {
            // The last vector may overlap the one before: its lanes are computed again, to the same values.
            if (i > n - width) i = n - width;
            var dx = new Vector<double>(_x, i) - toX;
            var dy = new Vector<double>(_y, i) - toY;
            var dz = new Vector<double>(_z, i) - toZ;
            var a = (dx * dx + dy * dy + dz * dz) * 0.25;
            var known = Vector.Equals(a, a);
            if (Vector.EqualsAll(Vector.LessThanOrEqual(a, near) | ~known, Vector<long>.AllBitsSet))
            {
                Vector.ConditionalSelect(known, CompiledLocation.NearDistanceKm(a), unknown).CopyTo(km.Slice(i, width));
            }
            else
            {
                for (var j = i; j < i + width; j++) km[j] = _locations[_tieOrder[j]].ApproximateDistanceKm(to);
            }
            if (i == n - width) return;
        }
    }
}
