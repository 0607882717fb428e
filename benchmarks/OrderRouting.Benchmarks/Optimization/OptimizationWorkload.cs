using OrderRouting.Routing.Optimization;

namespace OrderRouting.Benchmarks.Optimization;

/// <summary>How much stock each location holds relative to an order.</summary>
public enum StockLevel
{
    /// <summary>0–20 units of each SKU (a third hold none): one location usually covers the order.</summary>
    Ample,

    /// <summary>0–2 units of each SKU for orders of 2–4 units per SKU: plans need several shipments.</summary>
    Scarce,
}

/// <summary>
/// Orders of 3 SKUs over a network whose locations ship with up to three carrier services each (parcel, express,
/// pallet freight), costs as the scenario format prices them: <c>baseCost + costPerKm × km + costPerUnit × units</c>.
/// </summary>
internal static class OptimizationWorkload
{
    private static readonly (double Base, double PerKm, double PerUnit)[] Services =
    [
        (4.90, 0.002, 0.25),  // parcel
        (8.90, 0.003, 0.10),  // express
        (19.0, 0.001, 0.00),  // pallet freight
    ];

    /// <summary>
    /// <paramref name="count"/> orders over <paramref name="locations"/> locations (index order is the priority
    /// ranking), of which <paramref name="stocked"/> random ones hold stock for each order.
    /// </summary>
    public static RoutingProblem[] Orders(int count, int locations, int stocked, StockLevel level, int seed = 42)
    {
        var random = new Random(seed);
        var network = Enumerable.Range(0, locations)
            .Select(_ => (Lat: 36 + random.NextDouble() * 22, Lon: -8 + random.NextDouble() * 30,
                Services: Enumerable.Range(0, Services.Length).Where(_ => random.NextDouble() < 0.6).DefaultIfEmpty(0).ToArray()))
            .ToArray();
        var orders = new RoutingProblem[count];
        var holders = new int[locations];
        for (var o = 0; o < count; o++)
        {
            var (lat, lon) = (36 + random.NextDouble() * 22, -8 + random.NextDouble() * 30);
            var problem = new RoutingProblem();
            problem.Reset(3);
            for (var k = 0; k < 3; k++) problem.SetDemand(k, level == StockLevel.Ample ? random.Next(1, 4) : random.Next(2, 5));
            for (var i = 0; i < locations; i++) holders[i] = i;
            random.Shuffle(holders);
            var holds = new bool[locations];
            for (var i = 0; i < stocked; i++) holds[holders[i]] = true;
            for (var c = 0; c < locations; c++)
            {
                problem.AddCandidate();
                if (holds[c])
                {
                    var any = false;
                    for (var k = 0; k < 3; k++)
                    {
                        var units = level == StockLevel.Ample
                            ? (random.NextDouble() < 0.33 ? 0 : random.Next(1, 21))
                            : random.Next(0, 3);
                        problem.SetSellable(c, k, units);
                        any |= units > 0;
                    }
                    if (!any) problem.SetSellable(c, random.Next(3), 1);
                }
                var km = Haversine(lat, lon, network[c].Lat, network[c].Lon);
                foreach (var s in network[c].Services)
                    problem.AddService(c, Services[s].Base + Services[s].PerKm * km, Services[s].PerUnit);
            }
            orders[o] = problem;
        }
        return orders;
    }

    /// <summary>
    /// Orders per second of this thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), solving every order
    /// <paramref name="rounds"/> times after a warm-up: a fairer single-core figure than wall-clock time when other
    /// processes share the machine. NaN where that clock is not available.
    /// </summary>
    public static double OrdersPerCpuSecond(RoutingProblem[] orders, Action<RoutingProblem> solve, int rounds = 200)
    {
        // Warm up for a second of wall time, pausing so tiered compilation finishes in the background.
        var warmUp = System.Diagnostics.Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 1000)
        {
            foreach (var order in orders) solve(order);
            if (warmUp.ElapsedMilliseconds % 200 < 20) Thread.Sleep(50);
        }
        var before = ThreadCpuSeconds();
        for (var r = 0; r < rounds; r++) foreach (var order in orders) solve(order);
        return rounds * orders.Length / (ThreadCpuSeconds() - before);
    }

    private static double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var time) == 0 ? time.Seconds + time.Nanoseconds / 1e9 : double.NaN;
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        const double r = Math.PI / 180;
        double dPhi = (lat2 - lat1) * r, dLambda = (lon2 - lon1) * r;
        var a = Math.Pow(Math.Sin(dPhi / 2), 2) + Math.Cos(lat1 * r) * Math.Cos(lat2 * r) * Math.Pow(Math.Sin(dLambda / 2), 2);
        return 2 * 6371.0088 * Math.Asin(Math.Sqrt(Math.Min(1, a)));
    }
}
