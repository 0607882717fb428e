using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Default: a short job so the whole suite runs in about ten minutes on 2 cores.
// --full: BenchmarkDotNet's default job (many more iterations) for figures worth publishing.
// Every other argument goes to BenchmarkDotNet, e.g. --filter '*Routing*' or --list flat.
var full = args.Contains("--full");
var rest = args.Where(a => a != "--full").ToArray();
var job = full
    ? Job.Default
    : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).WithId("Short");
var config = DefaultConfig.Instance
    .AddJob(job.AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
