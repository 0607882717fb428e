using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;

namespace OrderRouting.Routing.Strategies;

/// <summary>
/// The candidates a strategy ranks and what it may know about each: distance, sellable stock, capacity, carrier
/// scores, costs and promise dates, all from the state before the order (rule 1 of the scenario format). Values are
/// computed on first use and cached for the order, so a strategy pays only for what it reads.
/// </summary>
/// <remarks>Valid only during <see cref="IRankingStrategy.Score"/>; do not keep it.</remarks>
public readonly ref struct RankingContext
{
    private readonly RouteState _state;
    private readonly ReadOnlySpan<int> _candidates;
    private readonly int _line;

    internal RankingContext(RouteState state, ReadOnlySpan<int> candidates, int line)
    {
        _state = state;
        _candidates = candidates;
        _line = line;
    }

    internal RouteState State => _state;

    internal ReadOnlySpan<int> CandidateLocations => _candidates;

    internal int LineIndex => _line;

    /// <summary>The number of candidates.</summary>
    public int Count => _candidates.Length;

    /// <summary>The order being routed.</summary>
    public Order Order => _state.Order;

    /// <summary>The line ranked for, or null when the whole order is.</summary>
    public OrderLine? Line => _line < 0 ? null : _state.Lines[_line];

    /// <summary>The units ranked for: the line's quantity, or the order's total.</summary>
    public long OrderedUnits => _line < 0 ? _state.OrderUnits : _state.Lines[_line].Quantity;

    /// <summary>Candidate <paramref name="i"/>'s location.</summary>
    public StockLocation Location(int i) => _state.Locations[_candidates[i]].Location;

    /// <summary>The great-circle distance in km from candidate <paramref name="i"/> to the ship-to address; null when unknown.</summary>
    public double? DistanceKm(int i)
    {
        var km = _state.Distance(_candidates[i]);
        return double.IsPositiveInfinity(km) ? null : km;
    }

    /// <summary>Candidate <paramref name="i"/>'s sellable units of the line's SKU or, for the whole order, the sum
    /// over the order's distinct SKUs.</summary>
    public long Sellable(int i) => _line < 0 ? _state.OrderSellable(_candidates[i]) : _state.ColumnSellable(_candidates[i], _line);

    /// <summary>Candidate <paramref name="i"/>'s shipments left today (its daily capacity less those used on the
    /// order's local placing day); null when unlimited.</summary>
    public int? RemainingCapacity(int i)
    {
        var location = _candidates[i];
        var capacity = _state.Locations[location].Capacity;
        return capacity < 0 ? null : capacity - _state.Used[location];
    }

    /// <summary>Candidate <paramref name="i"/>'s remaining share of its daily capacity in [0, 1]; +∞ when unlimited.</summary>
    public double RemainingCapacityShare(int i)
    {
        var location = _candidates[i];
        var capacity = _state.Locations[location].Capacity;
        return capacity < 0 ? double.PositiveInfinity : (double)(capacity - _state.Used[location]) / capacity;
    }

    /// <summary>The best score among candidate <paramref name="i"/>'s carrier services.</summary>
    public double BestCarrierScore(int i) => _state.Locations[_candidates[i]].BestScore;

    /// <summary>The cost of one shipment of <paramref name="units"/> units from candidate <paramref name="i"/> with its
    /// cheapest service that meets the order's delivery requirement.</summary>
    public double CheapestCost(int i, long units) => _state.CheapestCost(_candidates[i], units);

    /// <summary>Candidate <paramref name="i"/>'s local dispatch date for the order (cutoff and working calendar).</summary>
    public LocalDate DispatchDate(int i) => _state.Dispatch(_candidates[i]);

    /// <summary>The earliest delivery date candidate <paramref name="i"/> can promise (its fastest service).</summary>
    public LocalDate EarliestDelivery(int i) => _state.EarliestDelivery(_candidates[i]);
}
