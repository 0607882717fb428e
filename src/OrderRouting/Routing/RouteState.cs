using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Ports;
using OrderRouting.Promising;
using OrderRouting.Routing.Eligibility;
using OrderRouting.Routing.Optimization;
using OrderRouting.Routing.Strategies;

namespace OrderRouting.Routing;

/// <summary>
/// The working memory of one route on one thread: per-location caches (distance, local time, dispatch date,
/// sellable stock) stamped with the order they belong to, the candidate list, rankings and the allocation. One
/// instance per thread is reused, so routing allocates nothing but its result.
/// </summary>
/// <remarks>Not thread-safe: used by one route at a time on one thread.</remarks>
internal sealed class RouteState
{
    public const sbyte Eligible = -1;

    [ThreadStatic] private static RouteState? t_cached;

    public CompiledLocation[] Locations = [];
    public LocationId[] Ids = [];
    public int[] TieOrder = [];
    private UnitVectorColumns _unitVectors = null!;
    private RoutingNetwork? _network;
    public Order Order = null!;
    /// <summary>The order's lines (the first <see cref="LineCount"/>), cleared when the route ends.</summary>
    public OrderLine[] Lines = new OrderLine[8];
    public IStockView Stock = null!;
    public ICapacityView? Capacity;
    public IEligibilityRule[] Rules = [];
    public long OrderUnits;
    public int LineCount;

    private int _stamp;
    private int[] _distStamp = [], _localStamp = [], _dispatchStamp = [], _deadlineStamp = [], _orderSellStamp = [], _sellStamp = [];
    private double[] _dist = [];
    private LocalDateTime[] _local = [];
    private LocalDate[] _deadline = [];
    private CompiledLocation.DayPromise[] _promise = [];
    private long[] _orderSell = [];
    private int[] _sell = [];
    private int[] _columnStamp = new int[8];
    private Sku[] _lineSkus = new Sku[8];
    private bool _singleReads; // some sellable value was read on its own (not with its column) for this order
    private int[] _column = [];
    public int[] Used = [];
    public sbyte[] Rejection = [];
    public int[] RuleRejection = [];

    public int[] Candidates = [];
    public int CandidateCount;
    public int[] Ranking = [];
    public int[] LineRanking = [];
    public double[] Scores = [];
    private RankKey[] _keys = [];

    public int[] AllocLocation = new int[16], AllocLine = new int[16], AllocQuantity = new int[16];
    public int AllocCount;
    public int[] LineLeft = new int[8];
    public int[] LineTake = new int[8];
    public int[] UsedLocations = [];
    public bool[] InSet = [];
    public int UsedCount;

    private bool _inUse;
    private bool _lineChecks;   // some line has handling tags or some rule checks lines
    private bool _repeatedSkus; // some SKU is on two lines (always assumed for orders of more than 64 lines)
    private bool _shipToReady;
    private CompiledLocation.ShipToPoint _shipTo;

    /// <summary>The thread's state, or a fresh one when it is in use (a strategy routing inside a route).</summary>
    public static RouteState Rent()
    {
        var state = t_cached ??= new RouteState();
        if (state._inUse) state = new RouteState();
        state._inUse = true;
        return state;
    }

    public void Return()
    {
        _weightedOwner = null;
        _refineOwner = null;
        // The order's lines and their SKUs (the SKU text is the caller's), by a loop: a few lines cost less than two calls.
        for (var l = 0; l < LineCount; l++)
        {
            Lines[l] = null!;
            _lineSkus[l] = default;
        }
        Order = null!;
        Stock = null!;
        Capacity = null;
        _inUse = false;
    }

    public void Begin(RoutingNetwork network, IEligibilityRule[] rules, Order order, IStockView stock, ICapacityView? capacity)
    {
        var locations = network.Compiled;
        if (!ReferenceEquals(_network, network))
        {
            // Speed: the network's arrays are set once for a thread routing over one network (reference writes cost
            // a write barrier each).
            _network = network;
            Locations = locations;
            Ids = network.Ids;
            TieOrder = network.TieOrder;
            _unitVectors = network.UnitVectors;
        }
        // Speed: reference fields are written only when they change (each write costs a write barrier).
        if (!ReferenceEquals(Rules, rules)) Rules = rules;
        Order = order;
        Stock = stock;
        Capacity = capacity;
        var n = locations.Length;
        var lines = order.Lines.Count;
        LineCount = lines;
        HasDeliveryRequirement = order.DeliverBy.HasValue || order.ServiceLevel.HasValue;
        if (Lines.Length < lines)
        {
            // Both before the user's list is read (it may throw; Return clears both up to LineCount).
            Lines = new OrderLine[lines];
            _lineSkus = new Sku[lines];
        }
        // The lines in an array of the state's own, read from the order's list once (a list of the user's type costs
        // an interface call per read).
        var orderLines = Lines;
        long units = 0;
        var handling = false;
        for (var l = 0; l < lines; l++)
        {
            var line = order.Lines[l];
            orderLines[l] = line;
            units += line.Quantity;
            handling |= line.Handling.Count > 0;
        }
        OrderUnits = units;
        if (_dist.Length < n) Grow(n);
        if (_sell.Length < n * lines)
        {
            _sell = new int[n * lines];
            _sellStamp = new int[n * lines];
        }
        if (LineLeft.Length < lines)
        {
            LineLeft = new int[lines];
            LineTake = new int[lines];
            _columnStamp = new int[lines];
        }
        if (++_stamp == int.MaxValue) ResetStamps();
        _lineChecks = false;
        for (var r = 0; r < rules.Length; r++) _lineChecks |= rules[r].ChecksLines;
        _lineChecks |= handling;
        _repeatedSkus = lines > 64;
        for (var l = 1; l < lines && !_repeatedSkus; l++) _repeatedSkus = FirstLineOfSku(l) != l;
        AllocCount = 0;
        UsedCount = 0;
        CandidateCount = 0;
        Proven = null;
        _shipToReady = false;
        _shipToVectorReady = false;
        _singleReads = false;
    }

    private void Grow(int n)
    {
        _allEligibleFor = null;
        _distStamp = new int[n]; _localStamp = new int[n]; _dispatchStamp = new int[n]; _deadlineStamp = new int[n]; _orderSellStamp = new int[n];
        _dist = new double[n]; _local = new LocalDateTime[n]; _promise = new CompiledLocation.DayPromise[n]; _deadline = new LocalDate[n]; _orderSell = new long[n];
        Used = new int[n]; Rejection = new sbyte[n]; RuleRejection = new int[n];
        Candidates = new int[n]; Ranking = new int[n]; LineRanking = new int[n]; Scores = new double[n]; _keys = new RankKey[n]; _cluster = new RankKey[n];
        UsedLocations = new int[n];
        InSet = new bool[n];
        _column = new int[n];
        _approximateKm = new double[n];
    }

    private void ResetStamps()
    {
        Array.Clear(_distStamp); Array.Clear(_localStamp); Array.Clear(_dispatchStamp); Array.Clear(_deadlineStamp);
        Array.Clear(_orderSellStamp); Array.Clear(_sellStamp); Array.Clear(_columnStamp);
        _weightedOwner = null;
        _scaleStamp = 0;
        _stamp = 1;
    }

    // ---- per-location facts, computed on first use for this order ----

    public double Distance(int location)
    {
        if (_distStamp[location] != _stamp)
        {
            _dist[location] = Locations[location].DistanceTo(ShipTo);
            _distStamp[location] = _stamp;
        }
        return _dist[location];
    }

    private ref readonly CompiledLocation.ShipToPoint ShipTo
    {
        get
        {
            if (!_shipToReady)
            {
                _shipTo = new CompiledLocation.ShipToPoint(Order.ShipTo.Position);
                _shipToReady = true;
            }
            return ref _shipTo;
        }
    }

    public double? DistanceOrNull(int location)
    {
        var km = Distance(location);
        return double.IsPositiveInfinity(km) ? null : km;
    }

    public LocalDateTime Local(int location)
    {
        if (_localStamp[location] != _stamp)
        {
            _local[location] = Locations[location].LocalAt(Order.PlacedAt);
            _localStamp[location] = _stamp;
        }
        return _local[location];
    }

    private CompiledLocation.DayPromise Promise(int location)
    {
        if (_dispatchStamp[location] != _stamp)
        {
            _promise[location] = Locations[location].PromiseAt(Local(location));
            _dispatchStamp[location] = _stamp;
        }
        return _promise[location];
    }

    public LocalDate Dispatch(int location) => Promise(location).Dispatch;

    public LocalDate Delivery(int location, int transitDays) => Promise(location).Delivery(transitDays);

    public LocalDate EarliestDelivery(int location)
    {
        if (!HasDeliveryRequirement) return Promise(location).Earliest;
        var compiled = Locations[location];
        var best = LocalDate.MaxIsoValue;
        foreach (var service in compiled.Services)
        {
            if (!Meets(location, service)) continue;
            var delivery = Delivery(location, service.TransitDays);
            if (delivery < best) best = delivery;
        }
        return best;
    }

    /// <summary>Whether the order asks for a delivery date or service level (read once per order in <see cref="Begin"/>:
    /// it is asked for every service of every location looked at).</summary>
    public bool HasDeliveryRequirement { get; private set; }

    /// <summary>The latest delivery date the order accepts from the location (its deliver-by date and service level).</summary>
    public LocalDate Deadline(int location)
    {
        if (_deadlineStamp[location] != _stamp)
        {
            var deadline = Order.DeliverBy ?? LocalDate.MaxIsoValue;
            if (Order.ServiceLevel is { } level)
            {
                var byLevel = Locations[location].Calendar.AddWorkingDays(Local(location).Date, level.WorkingDays);
                if (byLevel < deadline) deadline = byLevel;
            }
            _deadline[location] = deadline;
            _deadlineStamp[location] = _stamp;
        }
        return _deadline[location];
    }

    /// <summary>Whether <paramref name="service"/> at the location meets the order's delivery requirement.</summary>
    public bool Meets(int location, CarrierService service) =>
        !HasDeliveryRequirement || Delivery(location, service.TransitDays) <= Deadline(location);

    public int Sellable(int location, int line)
    {
        var slot = line * Locations.Length + location;
        if (_sellStamp[slot] != _stamp && _columnStamp[line] != _stamp)
        {
            _sell[slot] = Math.Max(0, Stock.GetSellable(Locations[location].Id, Lines[line].Sku));
            _sellStamp[slot] = _stamp;
            _singleReads = true;
        }
        return _sell[slot];
    }

    /// <summary>
    /// <see cref="Sellable"/> for a reader that will ask about every location (a ranking by stock): the first call reads
    /// every line's column in one <see cref="IStockView.GetSellable(ReadOnlySpan{Sku}, ReadOnlySpan{LocationId}, Span{int})"/>
    /// (or, once some value was read on its own, the line's column in one
    /// <see cref="IStockView.GetSellable(Sku, ReadOnlySpan{LocationId}, Span{int})"/>).
    /// </summary>
    public int ColumnSellable(int location, int line)
    {
        if (_columnStamp[line] != _stamp) LoadColumn(line);
        return _sell[line * Locations.Length + location];
    }

    /// <summary>The line's sellable units at every location (by location index), read as <see cref="ColumnSellable"/> does.</summary>
    public ReadOnlySpan<int> SellableColumn(int line)
    {
        if (_columnStamp[line] != _stamp) LoadColumn(line);
        return _sell.AsSpan(line * Locations.Length, Locations.Length);
    }

    /// <summary>Reads the line's SKU at every location, and every other line's too when nothing of the order was read
    /// yet; values already read for this order are kept, so the route sees one value per location and line even while
    /// the stock moves.</summary>
    private void LoadColumn(int line)
    {
        var n = Locations.Length;
        if (!_singleReads)
        {
            // Nothing of the order read yet (columns are read all at once): every line's column in one read, straight
            // into the cache. The reader will ask about the other lines too: a ranking by stock ranks every line, a
            // whole-order one sums them.
            var lines = LineCount;
            var skus = _lineSkus.AsSpan(0, lines);
            for (var l = 0; l < lines; l++) skus[l] = Lines[l].Sku;
            var all = _sell.AsSpan(0, lines * n);
            Stock.GetSellable(skus, Ids, all);
            NoneNegative(all);
            _columnStamp.AsSpan(0, lines).Fill(_stamp);
            return;
        }
        var values = _sell.AsSpan(line * n, n);
        var stamps = _sellStamp.AsSpan(line * n, n);
        if (!stamps.Contains(_stamp))
        {
            // Nothing of the line read yet: read straight into the cache.
            Stock.GetSellable(Lines[line].Sku, Ids, values);
            NoneNegative(values);
            _columnStamp[line] = _stamp;
            return;
        }
        var column = _column.AsSpan(0, n);
        Stock.GetSellable(Lines[line].Sku, Ids, column);
        for (var i = 0; i < n; i++)
            if (stamps[i] != _stamp) values[i] = Math.Max(0, column[i]);
        _columnStamp[line] = _stamp;
    }

    /// <summary>Negative values read from a stock view as 0 (a view should never give them).</summary>
    private static void NoneNegative(Span<int> values)
    {
        for (var i = 0; i < values.Length; i++)
            if (values[i] < 0) values[i] = 0;
    }

    /// <summary>The location's sellable units summed over the order's distinct SKUs.</summary>
    public long OrderSellable(int location)
    {
        if (_orderSellStamp[location] != _stamp)
        {
            long sum = 0;
            for (var l = 0; l < LineCount; l++)
                if (FirstLineOfSku(l) == l) sum += ColumnSellable(location, l);
            _orderSell[location] = sum;
            _orderSellStamp[location] = _stamp;
        }
        return _orderSell[location];
    }

    /// <summary>The first line with the same SKU as <paramref name="line"/>.</summary>
    public int FirstLineOfSku(int line)
    {
        var sku = Lines[line].Sku;
        for (var l = 0; l < line; l++)
            if (Lines[l].Sku == sku) return l;
        return line;
    }

    public double CheapestCost(int location, long units)
    {
        var best = double.PositiveInfinity;
        var km = DistanceOrNull(location);
        foreach (var service in Locations[location].Services)
        {
            if (!Meets(location, service)) continue;
            var cost = service.CostOf(km, units);
            if (cost < best) best = cost;
        }
        return best;
    }

    // ---- eligibility ----

    /// <summary>Judges every location for the whole order; fills <see cref="Candidates"/> with the eligible ones, in
    /// tie-break order (priority, then id).</summary>
    public void JudgeLocations()
    {
        var order = Order;
        var count = 0;
        // A location that is enabled, has a service, no restriction and no capacity limit is eligible for an order
        // without a delivery requirement when there are no user rules: no need to look further.
        var plain = !HasDeliveryRequirement && Rules.Length == 0;
        if (plain && ReferenceEquals(_allEligibleFor, _network))
        {
            // Speed: the last judgement was this one (every location eligible for any plain order), and nothing
            // else writes the candidates, rejections and used counts.
            CandidateCount = TieOrder.Length;
            return;
        }
        // Forgotten before the arrays are written: a user rule may throw half-way.
        _allEligibleFor = null;
        var unrestricted = 0;
        foreach (var i in TieOrder)
        {
            var location = Locations[i];
            if (plain && location.Unrestricted)
            {
                Used[i] = 0;
                Rejection[i] = Eligible;
                Candidates[count++] = i;
                unrestricted++;
                continue;
            }
            var code = JudgeLocation(i, order);
            Rejection[i] = code;
            if (code == Eligible) Candidates[count++] = i;
        }
        CandidateCount = count;
        if (unrestricted == TieOrder.Length) _allEligibleFor = _network;
    }

    /// <summary>The network whose every location the last <see cref="JudgeLocations"/> found eligible for a plain order
    /// (no delivery requirement, no user rules) because none is restricted; null otherwise.</summary>
    private RoutingNetwork? _allEligibleFor;

    private sbyte JudgeLocation(int i, Order order)
    {
        var location = Locations[i];
        Used[i] = 0;
        if (!location.Location.Enabled) return (sbyte)RejectionCode.Disabled;
        if (location.Services.Length == 0) return (sbyte)RejectionCode.NoCarrierService;
        if (location.Channels is { } channels && !channels.Contains(order.Channel)) return (sbyte)RejectionCode.ChannelRestricted;
        if (location.Countries is { } countries && !countries.Contains(order.ShipTo.Country)) return (sbyte)RejectionCode.CountryRestricted;
        if (location.Capacity >= 0)
        {
            var used = location.Capacity == 0 || Capacity is null ? 0 : Capacity.GetShipments(location.Id, Local(i).Date);
            Used[i] = used;
            if (used >= location.Capacity) return (sbyte)RejectionCode.CapacityFull;
        }
        if (HasDeliveryRequirement && Delivery(i, location.MinTransitDays) > Deadline(i)) return (sbyte)RejectionCode.DeliveryNotAchievable;
        for (var r = 0; r < Rules.Length; r++)
        {
            if (Rules[r].Check(new EligibilityContext(order, location.Location, null, Local(i))) is not null)
            {
                RuleRejection[i] = r;
                return (sbyte)RejectionCode.Rule;
            }
        }
        return Eligible;
    }

    /// <summary>Whether an (order-eligible) location may ship the line: handling tags and the user's line rules.</summary>
    public bool LineEligible(int location, int line) => !_lineChecks || LineRejection(location, line) is null;

    public LocationRejection? LineRejection(int location, int line)
    {
        var orderLine = Lines[line];
        var compiled = Locations[location];
        if (orderLine.Handling.Count > 0)
        {
            foreach (var tag in orderLine.Handling)
            {
                if (!compiled.Capabilities.Contains(tag))
                    return new LocationRejection(RejectionCode.HandlingNotSupported, $"cannot handle \"{tag}\" needed by line {orderLine.LineId}");
            }
        }
        for (var r = 0; r < Rules.Length; r++)
        {
            var rule = Rules[r];
            if (!rule.ChecksLines) continue;
            if (rule.Check(new EligibilityContext(Order, compiled.Location, orderLine, Local(location))) is { } reason)
                return new LocationRejection(RejectionCode.Rule, reason, rule.Name);
        }
        return null;
    }

    public LocationRejection? OrderRejection(int location)
    {
        var code = Rejection[location];
        if (code == Eligible) return null;
        var compiled = Locations[location];
        return (RejectionCode)code switch
        {
            RejectionCode.Disabled => new LocationRejection(RejectionCode.Disabled, "the location is disabled"),
            RejectionCode.NoCarrierService => new LocationRejection(RejectionCode.NoCarrierService, "the location has no carrier service"),
            RejectionCode.ChannelRestricted => new LocationRejection(RejectionCode.ChannelRestricted, $"the location does not serve channel \"{Order.Channel}\""),
            RejectionCode.CountryRestricted => new LocationRejection(RejectionCode.CountryRestricted, $"the location does not ship to {Order.ShipTo.Country}"),
            RejectionCode.CapacityFull => new LocationRejection(RejectionCode.CapacityFull,
                $"daily capacity {compiled.Capacity} used ({Used[location]} shipments on {Local(location).Date:uuuu-MM-dd})"),
            RejectionCode.DeliveryNotAchievable => new LocationRejection(RejectionCode.DeliveryNotAchievable,
                $"earliest delivery {Delivery(location, compiled.MinTransitDays):uuuu-MM-dd} is after {Deadline(location):uuuu-MM-dd}"),
            _ => RuleRejectionOf(location),
        };
    }

    private LocationRejection RuleRejectionOf(int location)
    {
        var rule = Rules[RuleRejection[location]];
        var reason = rule.Check(new EligibilityContext(Order, Locations[location].Location, null, Local(location))) ?? "refused";
        return new LocationRejection(RejectionCode.Rule, reason, rule.Name);
    }

    // ---- optimisation (cost and minimize) ----

    private RoutingProblem? _problem;
    private CostSolver? _costSolver;
    private SetCoverSolver? _coverSolver;
    private int[] _lineSku = new int[8];
    private int[] _skuLine = new int[8];
    public int[] ProblemLocation = [];
    public bool? Proven;

    public CostSolver CostSolver => _costSolver ??= new CostSolver();

    public SetCoverSolver CoverSolver => _coverSolver ??= new SetCoverSolver();

    /// <summary>
    /// The order as the solvers see it: demand per distinct SKU, and the given locations as candidates in the given
    /// order, each with its sellable units per SKU and its services that meet the order's delivery requirement. A
    /// location's sellable units of a SKU are capped by the units of that SKU's lines it may ship (handling, line
    /// rules). Where lines of one SKU differ in eligibility (a user line rule, or handling tags that differ between
    /// lines of one SKU), the solvers see the SKU as one item and <see cref="AllocatePlan"/> drops units no eligible
    /// line can take: safe, but not proven optimal for such orders.
    /// </summary>
    public RoutingProblem BuildProblem(ReadOnlySpan<int> locations)
    {
        var problem = _problem ??= new RoutingProblem();
        var lines = Lines;
        if (_lineSku.Length < LineCount)
        {
            _lineSku = new int[LineCount];
            _skuLine = new int[LineCount];
        }
        var skus = 0;
        for (var l = 0; l < LineCount; l++)
        {
            var first = FirstLineOfSku(l);
            if (first == l) _skuLine[skus++] = l;
            _lineSku[l] = first == l ? skus - 1 : _lineSku[first];
        }
        problem.Reset(skus);
        for (var l = 0; l < LineCount; l++) problem.SetDemand(_lineSku[l], (int)Math.Min(int.MaxValue, (long)problem.Demand(_lineSku[l]) + lines[l].Quantity));
        if (ProblemLocation.Length < locations.Length) ProblemLocation = new int[Math.Max(locations.Length, Locations.Length)];
        foreach (var location in locations)
        {
            var c = problem.AddCandidate();
            ProblemLocation[c] = location;
            for (var k = 0; k < skus; k++)
            {
                var sellable = Sellable(location, _skuLine[k]);
                if (sellable <= 0) continue;
                long eligibleUnits = 0;
                for (var l = _skuLine[k]; l < LineCount; l++)
                    if (_lineSku[l] == k && LineEligible(location, l)) eligibleUnits += lines[l].Quantity;
                problem.SetSellable(c, k, (int)Math.Min(sellable, eligibleUnits));
            }
            var km = Distance(location);
            foreach (var service in Locations[location].Services)
            {
                if (!Meets(location, service)) continue;
                var fixedCost = double.IsPositiveInfinity(km) ? service.BaseCost : service.BaseCost + service.CostPerKm * km;
                problem.AddService(c, fixedCost, service.CostPerUnit);
            }
        }
        return problem;
    }

    /// <summary>Allocates a cost plan: each candidate's units of a SKU go to the SKU's lines in line order, candidates
    /// in the order given to <see cref="BuildProblem"/>.</summary>
    public void AllocatePlan(CostPlan plan)
    {
        var lines = Lines;
        for (var l = 0; l < LineCount; l++) LineLeft[l] = lines[l].Quantity;
        Array.Clear(LineTake, 0, LineCount);
        for (var c = 0; c < plan.Candidates; c++)
        {
            if (plan.UnitsAt(c) == 0) continue;
            for (var l = 0; l < LineCount; l++)
            {
                var k = _lineSku[l];
                if (FirstLineOfSku(l) != l) continue;
                var units = plan.Allocated(c, k);
                for (var m = l; m < LineCount && units > 0; m++)
                {
                    if (_lineSku[m] != k || LineLeft[m] == 0 || !LineEligible(ProblemLocation[c], m)) continue;
                    var take = Math.Min(units, LineLeft[m]);
                    LineLeft[m] -= take;
                    units -= take;
                    LineTake[m] = take;
                }
                for (var m = l; m < LineCount; m++)
                {
                    if (_lineSku[m] != k || LineTake[m] == 0) continue;
                    Allocate(ProblemLocation[c], m, LineTake[m]);
                    LineTake[m] = 0;
                }
            }
        }
    }

    // ---- ranking ----

    private int[] _rankOutput = [];
    private int _rankCount, _ranked, _heapSize;
    private RankKey[] _cluster = [];
    private CompiledLocation.ShipToVector _shipToVector;
    private bool _shipToVectorReady;

    /// <summary>How the ranking's scores relate to the exact ones: exact, haversine estimates
    /// (<see cref="DistanceStrategy"/>) or a weighted blend's approximate scores (<see cref="WeightedStrategy"/>), each
    /// within a margin of the exact.</summary>
    private enum Refine { None, Distance, Weighted }

    private Refine _refine;
    private double _refineMargin;
    private WeightedStrategy? _approximateFor;
    private double _scoreError;

    private ref readonly CompiledLocation.ShipToVector ShipToVector
    {
        get
        {
            if (!_shipToVectorReady)
            {
                _shipToVector = new CompiledLocation.ShipToVector(ShipTo);
                _shipToVectorReady = true;
            }
            return ref _shipToVector;
        }
    }

    /// <summary>
    /// Starts ranking the candidates for a line (or the whole order when <paramref name="line"/> is -1) into
    /// <paramref name="output"/>: scores every candidate, but orders them lazily: <see cref="RankedAt"/> selects
    /// positions as they are asked for (a scan of the rest up to <see cref="SelectionLimit"/> candidates; beyond, the
    /// best <see cref="TopLimit"/> kept in one pass, then a heap: O(n) to build, O(log n) per position; scores that
    /// are not exact go to the heap straight away beyond the scan, or at the first near-tie within it), so a split
    /// that uses the first few locations never sorts all of them. The order is the total order (score, tie rank), as
    /// a full sort gives.
    /// <see cref="PriorityStrategy"/> needs no work (the candidates are in tie-break order already), and
    /// <see cref="DistanceStrategy"/> ranks by <see cref="CompiledLocation.HaversineEstimate"/>, computing exact
    /// distances only to break near-ties; a <see cref="WeightedStrategy"/> ranked here may score its distance parts
    /// with <see cref="CompiledLocation.ApproximateDistanceKm(in CompiledLocation.ShipToVector)"/> and report the error bound
    /// (<see cref="ReportScoreError"/>): candidates whose scores are that close are re-scored exactly. Either way the
    /// order is the one the exact scores give. With <paramref name="exact"/> every score is the strategy's own (for
    /// explanations, which show them).
    /// </summary>
    public void Rank(IRankingStrategy strategy, int line, int[] output, bool exact = false)
    {
        var count = CandidateCount;
        var candidates = Candidates.AsSpan(0, count);
        if (!ReferenceEquals(_rankOutput, output)) _rankOutput = output;
        _rankCount = count;
        _ranked = 0;
        _refine = Refine.None;
        if (!exact && strategy is PriorityStrategy)
        {
            candidates.CopyTo(output);
            _ranked = count;
            return;
        }
        var keys = _keys.AsSpan(0, count);
        var keysMade = true;
        if (!exact && strategy is DistanceStrategy)
        {
            ref readonly var shipTo = ref ShipToVector;
            for (var i = 0; i < count; i++)
            {
                var location = candidates[i];
                keys[i] = new RankKey(Locations[location].HaversineEstimate(shipTo), i, location);
            }
            _refine = Refine.Distance;
            _refineMargin = CompiledLocation.HaversineEstimateMargin;
        }
        else
        {
            var scores = Scores.AsSpan(0, count);
            _approximateFor = exact ? null : strategy as WeightedStrategy;
            _scoreError = 0;
            try
            {
                strategy.Score(new RankingContext(this, candidates, line), scores);
            }
            finally
            {
                _approximateFor = null;
            }
            if (_scoreError > 0)
            {
                _refine = Refine.Weighted;
                _refineMargin = 2 * _scoreError;
                _refineOwner = (WeightedStrategy)strategy;
            }
            // Speed: up to the selection limit, the first position comes from the scores and keys are made only if
            // more are asked for (a greedy split usually needs one).
            keysMade = count > SelectionLimit;
            if (keysMade) MakeKeys();
        }
        _heapSize = count;
        _topCount = 0;
        if (count <= SelectionLimit)
        {
            _mode = keysMade ? RankMode.Select : RankMode.Scores;
        }
        else if (_refine != Refine.None)
        {
            _mode = RankMode.Heap;
            Heapify(keys);
        }
        else
        {
            _mode = RankMode.Top;
            KeepTop(keys);
        }
    }

    /// <summary>Up to this many candidates, positions are selected by a scan of the rest (cheaper than a heap for the
    /// one or two positions a split usually needs).</summary>
    private const int SelectionLimit = 16;

    /// <summary>Beyond <see cref="SelectionLimit"/>, the first positions come from one pass keeping the best this many.</summary>
    private const int TopLimit = 8;

    /// <summary>How positions are found: <c>Scores</c> is <c>Select</c> before the keys are made (the first position
    /// from the scores).</summary>
    private enum RankMode { Scores, Select, Top, Heap }

    /// <summary>The candidate placed first by <c>Scores</c> mode.</summary>
    private int _firstFromScores;

    /// <summary>A score as ranked: NaN ranks as +∞.</summary>
    private static double RankScore(double score) => double.IsNaN(score) ? double.PositiveInfinity : score;

    /// <summary>The keys of the scores <see cref="Rank"/> computed, in candidate (tie rank) order.</summary>
    private void MakeKeys()
    {
        var count = _rankCount;
        var scores = Scores.AsSpan(0, count);
        var candidates = Candidates.AsSpan(0, count);
        var keys = _keys.AsSpan(0, count);
        for (var i = 0; i < keys.Length; i++) keys[i] = new RankKey(RankScore(scores[i]), i, candidates[i]);
    }

    private RankMode _mode;
    private readonly RankKey[] _top = new RankKey[TopLimit];
    private int _topCount;

    /// <summary>One pass over the keys keeping the best <see cref="TopLimit"/> in order in <see cref="_top"/>: most
    /// keys cost one comparison with the worst kept.</summary>
    private void KeepTop(ReadOnlySpan<RankKey> keys)
    {
        var top = _top;
        var filled = 0;
        foreach (var key in keys)
        {
            int j;
            if (filled == TopLimit)
            {
                if (!key.Before(top[TopLimit - 1])) continue;
                j = TopLimit - 1;
            }
            else
            {
                j = filled++;
            }
            while (j > 0 && key.Before(top[j - 1]))
            {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = key;
        }
        _topCount = filled;
    }

    private static void Heapify(Span<RankKey> keys)
    {
        for (var i = keys.Length / 2 - 1; i >= 0; i--) SiftDown(keys, i, keys.Length);
    }

    /// <summary>The location at position <paramref name="rank"/> (0-based, below <see cref="CandidateCount"/>) of the
    /// ranking started by <see cref="Rank"/>.</summary>
    public int RankedAt(int rank)
    {
        if (rank >= _ranked) Advance(rank + 1);
        return _rankOutput[rank];
    }

    /// <summary>Completes the ranking: every candidate's position is in the output array afterwards.</summary>
    public void RankAll()
    {
        if (_ranked < _rankCount) Advance(_rankCount);
    }

    private void Advance(int needed)
    {
        var keys = _keys;
        if (_mode == RankMode.Scores)
        {
            if (_ranked == 0)
            {
                // The scan Select does for the first position (in tie-rank order, a later candidate comes first only
                // with a lower score), over the scores themselves.
                var scores = Scores.AsSpan(0, _rankCount);
                var first = 0;
                var best = RankScore(scores[0]);
                var second = double.PositiveInfinity;
                for (var i = 1; i < scores.Length; i++)
                {
                    var score = RankScore(scores[i]);
                    if (score < best)
                    {
                        second = best;
                        best = score;
                        first = i;
                    }
                    else if (score < second)
                    {
                        second = score;
                    }
                }
                if (_refine == Refine.None || !double.IsFinite(best) || second > best + _refineMargin)
                {
                    _rankOutput[_ranked++] = Candidates[first];
                    _firstFromScores = first;
                    if (_ranked == needed) return;
                }
            }
            // More positions, or a near-tie: select from keys, with the first position's pick where Select puts it.
            MakeKeys();
            if (_ranked == 1) (keys[_firstFromScores], keys[0]) = (keys[0], keys[_firstFromScores]);
            _mode = RankMode.Select;
        }
        if (_mode == RankMode.Top)
        {
            while (_ranked < needed && _ranked < _topCount) _rankOutput[_ranked] = _top[_ranked++].Location;
            if (_ranked == needed) return;
            // Past the kept best: rank the rest from a heap of all the keys, less the ones already ranked (they are
            // its first pops, the order being total).
            _mode = RankMode.Heap;
            Heapify(keys.AsSpan(0, _heapSize));
            for (var i = 0; i < _topCount; i++) PopMin(keys);
        }
        if (_mode == RankMode.Select)
        {
            // keys[_ranked..count) are the unranked candidates: move the best of them to the next position.
            for (; _ranked < needed; _ranked++)
            {
                var best = _ranked;
                var second = double.PositiveInfinity;
                for (var i = best + 1; i < _rankCount; i++)
                {
                    if (keys[i].Before(keys[best]))
                    {
                        second = keys[best].Score;
                        best = i;
                    }
                    else if (keys[i].Score < second)
                    {
                        second = keys[i].Score;
                    }
                }
                if (_refine != Refine.None && double.IsFinite(keys[best].Score) && second <= keys[best].Score + _refineMargin)
                {
                    // A near-tie of scores that are not exact: rank the rest from a heap, which ranks runs of near-ties
                    // by exact score.
                    _heapSize = _rankCount - _ranked;
                    keys.AsSpan(_ranked, _heapSize).CopyTo(keys);
                    Heapify(keys.AsSpan(0, _heapSize));
                    _mode = RankMode.Heap;
                    break;
                }
                (keys[best], keys[_ranked]) = (keys[_ranked], keys[best]);
                _rankOutput[_ranked] = keys[_ranked].Location;
            }
            if (_mode == RankMode.Select) return;
        }
        while (_ranked < needed && _heapSize > 0)
        {
            var top = PopMin(keys);
            if (_refine == Refine.None || !double.IsFinite(top.Score) || _heapSize == 0 || keys[0].Score > top.Score + _refineMargin)
            {
                _rankOutput[_ranked++] = top.Location;
                continue;
            }
            // Scores this close may order differently from the exact ones: rank the run of near-ties (each within the
            // margin of the one before) by exact score, then tie rank. Runs further apart than the margin are ordered
            // exactly as their scores are.
            var cluster = _cluster;
            var size = 0;
            cluster[size++] = top;
            while (_heapSize > 0 && keys[0].Score <= cluster[size - 1].Score + _refineMargin)
                cluster[size++] = PopMin(keys);
            for (var c = 0; c < size; c++)
            {
                var key = cluster[c];
                cluster[c] = key with
                {
                    Score = _refine == Refine.Distance ? Distance(key.Location) : _refineOwner!.ExactScore(this, key.TieRank),
                };
            }
            InsertionSort(cluster.AsSpan(0, size));
            for (var c = 0; c < size; c++) _rankOutput[_ranked++] = cluster[c].Location;
        }
    }

    private RankKey PopMin(RankKey[] keys)
    {
        var top = keys[0];
        var last = --_heapSize;
        if (last > 0)
        {
            keys[0] = keys[last];
            SiftDown(keys, 0, last);
        }
        return top;
    }

    private static void SiftDown(Span<RankKey> keys, int i, int size)
    {
        var key = keys[i];
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && keys[child + 1].Before(keys[child])) child++;
            if (!keys[child].Before(key)) break;
            keys[i] = keys[child];
            i = child;
        }
        keys[i] = key;
    }

    private static void InsertionSort(Span<RankKey> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var key = keys[i];
            var j = i - 1;
            while (j >= 0 && key.Before(keys[j]))
            {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = key;
        }
    }

    // ---- weighted blends ----

    private WeightedStrategy? _refineOwner;
    private WeightedStrategy? _weightedOwner;
    private int _weightedStamp;
    private bool _weightedApproximate, _weightedBusy;
    private double[] _weightedRows = [];
    private WeightedPart[] _weightedParts = [];
    private int _scaleStamp;
    private double[] _approximateKm = [];
    private double _scaleMin, _scaleRange;

    /// <summary>What a weighted blend keeps of one part for the order: whether its row may be reused by the next line
    /// (it cannot depend on the line), whether its scores are approximate, their error bound, and for a stock part
    /// scaled by a reciprocal the minimum, range and line it was scaled with.</summary>
    public struct WeightedPart
    {
        public bool Ready;
        public bool Approximated;
        public double Error;
        public double Min, Range;
        public int Line;
    }

    /// <summary>
    /// The rows of <paramref name="owner"/> for this order: part <c>p</c>'s weighted scaled scores at
    /// <c>[p × count, (p + 1) × count)</c>, and what is known of each part. Rows and parts stay the owner's for the
    /// order (reused across its lines) until another blend or another mode of scoring takes them. False while a blend
    /// is scoring (a blend nested in a blend keeps its own rows).
    /// </summary>
    public bool TryRentWeighted(WeightedStrategy owner, int parts, int count, out Span<double> rows, out Span<WeightedPart> info)
    {
        if (_weightedBusy)
        {
            rows = default;
            info = default;
            return false;
        }
        var approximate = ReferenceEquals(_approximateFor, owner);
        if (!ReferenceEquals(_weightedOwner, owner) || _weightedStamp != _stamp || _weightedApproximate != approximate)
        {
            if (_weightedRows.Length < parts * count) _weightedRows = new double[parts * count];
            if (_weightedParts.Length < parts) _weightedParts = new WeightedPart[parts];
            // A loop, not Array.Clear: a blend has a few parts, and a call to clear them cost more (measured).
            for (var p = 0; p < parts; p++) _weightedParts[p] = default;
            _weightedOwner = owner;
            _weightedStamp = _stamp;
            _weightedApproximate = approximate;
        }
        _weightedBusy = true;
        rows = _weightedRows.AsSpan(0, parts * count);
        info = _weightedParts.AsSpan(0, parts);
        return true;
    }

    public void ReturnWeighted() => _weightedBusy = false;

    /// <summary>The rows and parts last filled by the blend being ranked (for <see cref="WeightedStrategy.ExactScore"/>).</summary>
    public ReadOnlySpan<double> WeightedRows => _weightedRows;

    public ReadOnlySpan<WeightedPart> WeightedParts => _weightedParts;

    /// <summary>Whether <paramref name="owner"/> is being ranked for a decision, so it may score its distance parts
    /// approximately and report the error (<see cref="ReportScoreError"/>); never for explanations.</summary>
    public bool MayApproximate(WeightedStrategy owner) => ReferenceEquals(_approximateFor, owner);

    /// <summary>Every score just written is within <paramref name="error"/> of the exact score.</summary>
    public void ReportScoreError(double error) => _scoreError = error;

    /// <summary>Each candidate's distance in km within <see cref="CompiledLocation.ApproximateDistanceErrorKm"/>.</summary>
    public void ApproximateDistances(ReadOnlySpan<int> candidates, Span<double> km)
    {
        ref readonly var shipTo = ref ShipToVector;
        if (shipTo.Known && UnitVectorColumns.Vectorised(candidates.Length) && candidates.SequenceEqual(TieOrder))
        {
            // Every location is a candidate (candidates are listed in tie-break order): on vector lanes.
            _unitVectors.ApproximateDistancesKm(shipTo, km);
            return;
        }
        for (var i = 0; i < candidates.Length; i++) km[i] = Locations[candidates[i]].ApproximateDistanceKm(shipTo);
    }

    /// <summary>
    /// The exact minimum and range of the candidates' finite distances, as <see cref="WeightedStrategy"/> scales them;
    /// computed once per order, with exact distances only for the candidates whose approximate distance is within
    /// twice the error bound of the approximate extremes (the exact extremes are among them).
    /// </summary>
    public (double Min, double Range) ExactDistanceScale()
    {
        if (_scaleStamp != _stamp)
        {
            var candidates = Candidates.AsSpan(0, CandidateCount);
            var approximate = _approximateKm.AsSpan(0, candidates.Length);
            ApproximateDistances(candidates, approximate);
            double low = double.PositiveInfinity, high = double.NegativeInfinity;
            foreach (var km in approximate)
            {
                if (!double.IsFinite(km)) continue;
                low = Math.Min(low, km);
                high = Math.Max(high, km);
            }
            const double near = 2 * CompiledLocation.ApproximateDistanceErrorKm;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < candidates.Length; i++)
            {
                var km = approximate[i];
                if (!double.IsFinite(km) || (km > low + near && km < high - near)) continue;
                var exact = Distance(candidates[i]);
                min = Math.Min(min, exact);
                max = Math.Max(max, exact);
            }
            (_scaleMin, _scaleRange) = (min, max - min);
            _scaleStamp = _stamp;
        }
        return (_scaleMin, _scaleRange);
    }

    /// <summary>The score of each location from the last exact <see cref="Rank"/>, for explanations.</summary>
    public double ScoreOf(int location)
    {
        for (var i = 0; i < CandidateCount; i++)
            if (Candidates[i] == location) return Scores[i];
        return double.NaN;
    }

    // ---- allocation ----

    public void Allocate(int location, int line, int quantity)
    {
        if (AllocCount == AllocLocation.Length)
        {
            Array.Resize(ref AllocLocation, AllocCount * 2);
            Array.Resize(ref AllocLine, AllocCount * 2);
            Array.Resize(ref AllocQuantity, AllocCount * 2);
        }
        AllocLocation[AllocCount] = location;
        AllocLine[AllocCount] = line;
        AllocQuantity[AllocCount] = quantity;
        AllocCount++;
        for (var u = 0; u < UsedCount; u++)
            if (UsedLocations[u] == location) return;
        UsedLocations[UsedCount++] = location;
    }

    /// <summary>Units already taken in this order from the location of the SKU of <paramref name="line"/>.</summary>
    public int Taken(int location, int line)
    {
        if (AllocCount == 0 || !_repeatedSkus) return 0;
        var sku = Lines[line].Sku;
        var taken = 0;
        for (var a = 0; a < AllocCount; a++)
            if (AllocLocation[a] == location && Lines[AllocLine[a]].Sku == sku) taken += AllocQuantity[a];
        return taken;
    }

    public void ClearAllocation()
    {
        AllocCount = 0;
        UsedCount = 0;
    }

    public long AllocatedUnits
    {
        get
        {
            long units = 0;
            for (var a = 0; a < AllocCount; a++) units += AllocQuantity[a];
            return units;
        }
    }

    /// <summary>A candidate's place in a ranking: lower score first, then lower tie rank (priority, then id; the
    /// candidate's index, as candidates are listed in tie-break order). Scores are never NaN (ranked as +∞), so plain
    /// comparisons order them totally (−0 and +0 tie).</summary>
    private readonly record struct RankKey(double Score, int TieRank, int Location)
    {
        public bool Before(in RankKey other) => Score < other.Score || (Score == other.Score && TieRank < other.TieRank);
    }
}
