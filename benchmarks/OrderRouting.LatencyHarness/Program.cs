using System.Diagnostics;
using System.Globalization;
using NodaTime;
using OrderRouting;
using OrderRouting.Inventory;
using OrderRouting.Inventory.Ledger;

// Latency percentiles of the stock ledger under contention: N threads (default 2) each run single-line reserve +
// commit pairs on ONE hot SKU as fast as they can, timing every command with Stopwatch.GetTimestamp. A warm-up
// phase runs first; then each thread records its latencies into a preallocated array (no allocation while measuring).
//
//   dotnet run -c Release --project benchmarks/OrderRouting.LatencyHarness -- [--threads 2] [--seconds 3]
//
// Keys and hold ids come from a preallocated ring per thread; the idempotency retention is shortened to 50 ms so
// that the ledger forgets a key long before the ring comes round to it again (forgetting is part of the cost), and
// the ledger snapshots every 200,000 entries, which keeps the in-memory log short (snapshot pauses are in the tail).
// Besides wall-clock throughput it prints commands per CPU-second of the process, which a busy machine distorts less.
var threads = Argument("--threads", 2);
var seconds = Argument("--seconds", 3);
const int Ring = 1 << 19;
const int MaxSamples = 1 << 23;

var eu1 = LocationId.Of("eu-1");
var hot = Sku.Of("SKU-HOT");
var options = new InventoryOptions { Locations = { eu1 }, IdempotencyRetention = Duration.FromMilliseconds(50), SnapshotEvery = 200_000 };
using var ledger = new StockLedger(options, SystemClock.Instance);
ledger.Receive("initial", eu1, hot, int.MaxValue / 2);

var rings = Enumerable.Range(0, threads).Select(t => (
    Reserve: Enumerable.Range(0, Ring).Select(i => $"t{t}:r:{i}").ToArray(),
    Commit: Enumerable.Range(0, Ring).Select(i => $"t{t}:c:{i}").ToArray(),
    Holds: Enumerable.Range(0, Ring).Select(i => HoldId.Of($"t{t}-{i}")).ToArray())).ToArray();
var samples = Enumerable.Range(0, threads).Select(_ => new long[MaxSamples]).ToArray();
var counts = new int[threads];
var problems = new long[threads];

Run(TimeSpan.FromSeconds(1), record: false); // warm-up: JIT tiers, dictionaries and pools reach steady size
Array.Clear(counts);
GC.Collect();
var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var elapsed = Run(TimeSpan.FromSeconds(seconds), record: true);
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

var all = samples.SelectMany((s, t) => s.Take(counts[t])).Select(ticks => ticks * 1_000_000_000.0 / Stopwatch.Frequency).ToArray();
Array.Sort(all);
string P(double q) => all.Length == 0 ? "-" : (all[Math.Min(all.Length - 1, (int)(q * all.Length))] / 1000).ToString("0.00", CultureInfo.InvariantCulture);
Console.WriteLine($"threads: {threads}, measured: {elapsed.TotalSeconds:0.0} s, commands: {all.Length:N0} " +
                  $"({all.Length / elapsed.TotalSeconds / 1e6:0.00} M commands/s wall, {all.Length / cpu.TotalSeconds / 1e6:0.00} M per CPU-second), " +
                  $"refused or replayed: {problems.Sum()}, gen0/1/2 collections while measuring: {GC.CollectionCount(0) - gcBefore.Item1}/" +
                  $"{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}");
Console.WriteLine("| percentile | latency (µs) |");
Console.WriteLine("| --- | ---: |");
foreach (var (name, q) in new[] { ("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("p99.9", 0.999), ("p99.99", 0.9999) })
    Console.WriteLine($"| {name} | {P(q)} |");
Console.WriteLine($"| max | {(all.Length == 0 ? "-" : (all[^1] / 1000).ToString("0.00", CultureInfo.InvariantCulture))} |");
return problems.Sum() == 0 ? 0 : 1;

TimeSpan Run(TimeSpan duration, bool record)
{
    var stopwatch = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
    {
        var (reserve, commit, holds) = rings[t];
        var mine = samples[t];
        var line = new LedgerLine(eu1, hot, 1);
        var ttl = Duration.FromMinutes(5);
        var n = 0;
        for (var i = 0; stopwatch.Elapsed < duration; i = (i + 1) % Ring)
        {
            var start = Stopwatch.GetTimestamp();
            var reserved = ledger.Reserve(reserve[i], holds[i], in line, ttl);
            var middle = Stopwatch.GetTimestamp();
            var committed = ledger.Commit(commit[i], holds[i], in line);
            var end = Stopwatch.GetTimestamp();
            if (!reserved.IsAccepted || reserved.IsReplay || !committed.IsAccepted || committed.IsReplay) problems[t]++;
            if (record && n + 2 <= mine.Length)
            {
                mine[n++] = middle - start;
                mine[n++] = end - middle;
            }
        }
        counts[t] = n;
    }) { IsBackground = true }).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return stopwatch.Elapsed;
}

int Argument(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) && value > 0 ? value : fallback;
}
