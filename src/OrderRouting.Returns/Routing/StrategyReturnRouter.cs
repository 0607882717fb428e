using System.Globalization;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Ports;
using OrderRouting.Routing;
using OrderRouting.Routing.Eligibility;

namespace OrderRouting.Returns;

/// <summary>
/// Routes a return with the outbound <see cref="RoutingEngine"/>: the returned lines become an order shipped from the
/// customer's address, the candidates are the return locations that accept returns (and the lines' handling), every
/// candidate can "hold" the returned units, and the configured strategy picks one location for the whole return.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class StrategyReturnRouter : IReturnRouter
{
    private readonly RoutingEngine _engine;
    private readonly Dictionary<LocationId, Address> _addresses;

    public StrategyReturnRouter(ReturnRoutingOptions options, string carrier, string service)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        options.Validate(problems);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        _addresses = options.Locations.ToDictionary(l => l.Location.Id, l => l.Address);
        _engine = new RoutingEngine(Network(options.Locations, carrier, service), new RoutingPolicy
        {
            Strategy = options.Strategy,
            Split = SplitPolicy.None,
            Partial = PartialPolicy.Forbid,
            Rules = [new AcceptsReturns(options.Capability), .. options.Rules],
        });
    }

    /// <summary>The return locations as a routing network; a location without carrier services gets the label carrier's.</summary>
    /// <exception cref="RoutingNetworkException">A location is invalid.</exception>
    internal static RoutingNetwork Network(IEnumerable<ReturnLocation> locations, string carrier, string service) =>
        RoutingNetwork.Create(locations.Select(l => l.Location.Services.Count > 0
            ? l.Location
            : l.Location with { Services = [new CarrierService { Carrier = carrier, Service = service }] }));

    public ReturnRouting Route(ReturnRoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parcel = new Order
        {
            Id = OrderId.Of("return:" + request.Return.Value),
            Channel = request.Order.Channel,
            ExternalId = request.Return.Value,
            PlacedAt = request.At,
            ShipTo = request.From,
            Lines = request.Lines.Select(l => new OrderLine(l.Line.LineId, l.Line.Sku, l.Quantity, l.Line.UnitPrice, l.Line.Handling)).ToArray(),
        };
        var result = _engine.Route(parcel, new Intake(parcel));
        if (result.Outcome == RoutingOutcome.Routed && result.Shipments.Count == 1)
        {
            var chosen = result.Shipments[0];
            var distance = chosen.DistanceKm is { } km ? string.Create(CultureInfo.InvariantCulture, $", {km:0.0} km away") : "";
            return ReturnRouting.To(chosen.LocationId, _addresses[chosen.LocationId], $"ranked first by {_engine.Policy.Strategy.Name}{distance}");
        }
        var reasons = result.Unallocated.Select(u => $"{u.Sku}: {u.Reason}").Distinct();
        return ReturnRouting.None("no location accepts this return (" + string.Join(", ", reasons) + ")");
    }

    /// <summary>Every location can take in every returned unit: returns need room, not stock.</summary>
    private sealed class Intake(Order parcel) : IStockView
    {
        public int GetSellable(LocationId location, Sku sku)
        {
            var units = 0;
            foreach (var line in parcel.Lines)
                if (line.Sku == sku) units += line.Quantity;
            return units;
        }
    }

    /// <summary>Only locations with the returns capability receive returns.</summary>
    private sealed class AcceptsReturns(string? capability) : IEligibilityRule
    {
        public string Name => "acceptsReturns";

        public string? Check(in EligibilityContext context) =>
            string.IsNullOrEmpty(capability) || context.Location.Capabilities.Contains(capability) ? null : "does not accept returns";
    }
}
