using System.Globalization;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using OrderRouting.Simulator.Results;
using OrderRouting.Simulator.Scenarios;

namespace OrderRouting.Simulator.Routing;

/// <summary>
/// Runs a scenario on the library's <see cref="RoutingEngine"/>: the locations and their services become a
/// <see cref="RoutingNetwork"/>, the inventory an <see cref="InMemoryStockView"/>, shipments per local day a
/// <see cref="DailyCapacityCounter"/>. Orders are routed in file order; each decision is committed to the stock and
/// the capacity at the order's end (rule 1), so the next order sees what it left. Results are streamed to a
/// <see cref="ResultWriter"/> as they are decided. The simulator decides nothing itself.
/// </summary>
/// <remarks>Not thread-safe: one simulation per instance, run once.</remarks>
public sealed class ScenarioSimulation
{
    private static readonly Money NoPrice = Money.Of(0m, "XXX");
    private static readonly ChannelId DefaultChannel = ChannelId.Of("scenario");

    private readonly Scenario _scenario;
    private readonly EngineIds _ids;
    private readonly RoutingEngine _engine;
    private readonly InMemoryStockView _stock = new();
    private readonly DailyCapacityCounter _capacity = new();
    private readonly Dictionary<string, ChannelId> _channels = new(StringComparer.Ordinal);
    private string[] _lineIds = [];

    /// <summary>Builds the network, the stock and the engine for <paramref name="scenario"/>.</summary>
    /// <exception cref="RoutingNetworkException">The engine rejects the network (a disagreement between the format
    /// and the engine: the reader has already checked every rule of the format).</exception>
    public ScenarioSimulation(Scenario scenario)
    {
        _scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
        _ids = new EngineIds(scenario);

        var services = scenario.Shipping.ToLookup(s => s.Location, StringComparer.Ordinal);
        var locations = scenario.Locations.Select(location => new StockLocation
        {
            Id = _ids.Location(location.Id),
            Priority = location.Priority,
            Position = location.Position,
            TimeZone = location.TimeZone,
            Cutoff = location.Cutoff,
            DailyCapacity = location.DailyCapacity,
            Enabled = location.Enabled,
            Services = services[location.Id].Select(s => new CarrierService
            {
                Carrier = s.Carrier,
                Service = s.Service,
                BaseCost = s.BaseCost,
                CostPerKm = s.CostPerKm,
                CostPerUnit = s.CostPerUnit,
                TransitDays = s.TransitDays,
                Score = s.Score,
            }).ToArray(),
        });
        var network = RoutingNetwork.Create(locations);

        foreach (var row in scenario.Inventory)
            _stock.Set(_ids.Location(row.Location), _ids.Sku(row.Sku), row.OnHand, row.SafetyStock);

        _engine = new RoutingEngine(network, new RoutingPolicy
        {
            Strategy = RankingStrategies.ByName[StrategyName(scenario.Policy.Strategy)],
            Split = scenario.Policy.Split switch
            {
                ScenarioSplit.Minimize => SplitPolicy.Minimize,
                ScenarioSplit.None => SplitPolicy.None,
                _ => SplitPolicy.Greedy,
            },
            Partial = scenario.Policy.Partial == ScenarioPartial.Forbid ? PartialPolicy.Forbid : PartialPolicy.Allow,
        });
    }

    /// <summary>Routes every order in file order and writes each result, then the totals.</summary>
    public void Run(ResultWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var orders = _scenario.Orders;
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            writer.WriteOrder(Route(i, order), order.Units);
        }
        writer.Complete();
    }

    /// <summary>Routes one order (the <paramref name="index"/>-th of the file) and commits its allocation.</summary>
    internal OrderResult Route(int index, ScenarioOrder order)
    {
        var engineOrder = ToEngineOrder(index, order);
        var decision = _engine.Route(engineOrder, _stock, _capacity);
        _stock.Apply(decision);
        _capacity.Apply(decision);
        return ToResult(order, engineOrder, decision);
    }

    /// <summary>The format's name of a strategy, which is also the engine's (<see cref="RankingStrategies.ByName"/>).</summary>
    internal static string StrategyName(ScenarioStrategy strategy) => strategy switch
    {
        ScenarioStrategy.Distance => "distance",
        ScenarioStrategy.HighStock => "highStock",
        ScenarioStrategy.Capacity => "capacity",
        ScenarioStrategy.CarrierScore => "carrierScore",
        ScenarioStrategy.Cost => "cost",
        _ => "priority",
    };

    private Order ToEngineOrder(int index, ScenarioOrder order)
    {
        var lines = new OrderLine[order.Lines.Count];
        if (_lineIds.Length < lines.Length)
            _lineIds = Enumerable.Range(1, lines.Length).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        for (var l = 0; l < lines.Length; l++)
            lines[l] = new OrderLine(_lineIds[l], _ids.Sku(order.Lines[l].Sku), order.Lines[l].Quantity, NoPrice);

        return new Order
        {
            Id = _ids.Order(index, order.Id),
            Channel = Channel(order.Channel),
            ExternalId = !string.IsNullOrWhiteSpace(order.Id) ? order.Id : "order-" + index.ToString(CultureInfo.InvariantCulture),
            PlacedAt = order.PlacedAt,
            ShipTo = EngineIds.Address(order.ShipTo),
            Lines = lines,
        };
    }

    private ChannelId Channel(string? channel)
    {
        if (channel is null || !EngineIds.IsIdentifier(channel)) return DefaultChannel;
        if (!_channels.TryGetValue(channel, out var id)) _channels.Add(channel, id = ChannelId.Of(channel));
        return id;
    }

    private OrderResult ToResult(ScenarioOrder order, Order engineOrder, RoutingResult decision)
    {
        var shipments = new ShipmentResult[decision.Shipments.Count];
        for (var s = 0; s < shipments.Length; s++)
        {
            var shipment = decision.Shipments[s];
            var lines = new ScenarioLine[shipment.Lines.Count];
            for (var l = 0; l < lines.Length; l++)
                lines[l] = new ScenarioLine(FileSku(order, engineOrder, shipment.Lines[l].Line), shipment.Lines[l].Quantity);
            shipments[s] = new ShipmentResult(
                _ids.FileLocation(shipment.LocationId), shipment.Service.Carrier, shipment.Service.Service, lines,
                shipment.DistanceKm, shipment.Cost, shipment.DispatchDate, shipment.PromisedDelivery);
        }

        var unallocated = new ScenarioLine[decision.Unallocated.Count];
        for (var u = 0; u < unallocated.Length; u++)
            unallocated[u] = new ScenarioLine(FileSku(order, engineOrder, decision.Unallocated[u].Line), decision.Unallocated[u].Quantity);

        var outcome = decision.Outcome switch
        {
            RoutingOutcome.Routed => OrderOutcome.Routed,
            RoutingOutcome.Partial => OrderOutcome.Partial,
            _ => OrderOutcome.Unfulfillable,
        };
        return new OrderResult(order.Id, outcome, shipments, unallocated);
    }

    /// <summary>The file's SKU of an engine order line (the engine may know it under a stand-in id).</summary>
    private static string FileSku(ScenarioOrder order, Order engineOrder, OrderLine line)
    {
        var lines = engineOrder.Lines;
        for (var l = 0; l < lines.Count; l++)
            if (ReferenceEquals(lines[l], line)) return order.Lines[l].Sku;
        throw new InvalidOperationException($"order {order.Id}: the engine returned a line that is not the order's");
    }
}
