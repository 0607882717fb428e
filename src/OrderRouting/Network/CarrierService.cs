namespace OrderRouting.Network;

/// <summary>
/// A carrier service a stock location ships with, e.g. DHL standard: its cost model, transit time and performance.
/// The cost of one shipment is <c>BaseCost + CostPerKm × km + CostPerUnit × units</c>, in double precision
/// (a shipping-cost objective, not money); where the distance is unknown the per-km part adds nothing.
/// </summary>
/// <remarks>Immutable and thread-safe. <see cref="RoutingNetwork.Create"/> validates it.</remarks>
public sealed record CarrierService
{
    /// <summary>The carrier's name, e.g. <c>dhl</c>; non-empty.</summary>
    public required string Carrier { get; init; }

    /// <summary>The carrier's service, e.g. <c>standard</c>; non-empty.</summary>
    public required string Service { get; init; }

    /// <summary>The fixed cost of one shipment; not negative.</summary>
    /// <value>The default value is 0.</value>
    public double BaseCost { get; init; }

    /// <summary>The cost per kilometre of great-circle distance; not negative.</summary>
    /// <value>The default value is 0.</value>
    public double CostPerKm { get; init; }

    /// <summary>The cost per unit shipped; not negative.</summary>
    /// <value>The default value is 0.</value>
    public double CostPerUnit { get; init; }

    /// <summary>Working days from dispatch to delivery, in [0, 365].</summary>
    /// <value>The default value is 0 (delivered on the dispatch date).</value>
    public int TransitDays { get; init; }

    /// <summary>The carrier's performance (on-time rate) in [0, 1]; higher is better.</summary>
    /// <value>The default value is 1.</value>
    public double Score { get; init; } = 1;

    /// <summary>The cost of one shipment of <paramref name="units"/> units over <paramref name="distanceKm"/> km (null: unknown, adds nothing).</summary>
    public double CostOf(double? distanceKm, long units) =>
        distanceKm is { } km ? BaseCost + CostPerKm * km + CostPerUnit * units : BaseCost + CostPerUnit * units;

    internal void Validate(string path, ICollection<string> problems)
    {
        if (string.IsNullOrEmpty(Carrier)) problems.Add($"{path}.Carrier: must not be empty");
        if (string.IsNullOrEmpty(Service)) problems.Add($"{path}.Service: must not be empty");
        NotNegative(BaseCost, nameof(BaseCost));
        NotNegative(CostPerKm, nameof(CostPerKm));
        NotNegative(CostPerUnit, nameof(CostPerUnit));
        if (TransitDays is < 0 or > 365) problems.Add($"{path}.TransitDays: must be in [0, 365], was {TransitDays}");
        if (!(Score is >= 0 and <= 1)) problems.Add($"{path}.Score: must be in [0, 1], was {Score}");

        void NotNegative(double value, string name)
        {
            if (!(value >= 0) || double.IsInfinity(value)) problems.Add($"{path}.{name}: must be a finite number >= 0, was {value}");
        }
    }
}
