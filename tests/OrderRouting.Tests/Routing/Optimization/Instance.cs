using System.Text;
using OrderRouting.Routing.Optimization;

namespace OrderRouting.Tests.Routing.Optimization;

/// <summary>A random routing problem, printable so a failing property shows what it failed on.</summary>
public sealed record Instance(int[] Demand, int[][] Stock, (double Fixed, double PerUnit)[][] Services)
{
    public int Candidates => Stock.Length;
    public int Skus => Demand.Length;

    internal RoutingProblem Build(RoutingProblem? into = null)
    {
        var problem = into ?? new RoutingProblem();
        problem.Reset(Skus);
        for (var k = 0; k < Skus; k++) problem.SetDemand(k, Demand[k]);
        for (var c = 0; c < Candidates; c++)
        {
            problem.AddCandidate();
            for (var k = 0; k < Skus; k++) problem.SetSellable(c, k, Stock[c][k]);
            foreach (var (f, p) in Services[c]) problem.AddService(c, f, p);
        }
        return problem;
    }

    /// <summary>
    /// Costs on a coarse grid (so ties happen), stock zero with the given share (so partial cover and
    /// zero-stock candidates happen), 1 to <paramref name="maxServices"/> services per candidate.
    /// </summary>
    public static Instance Random(int seed, int candidates, int skus, int maxDemand, int maxStock,
        double zeroShare = 0.5, int maxServices = 3)
    {
        var random = new Random(seed);
        var demand = Enumerable.Range(0, skus).Select(_ => random.Next(1, maxDemand + 1)).ToArray();
        var stock = Enumerable.Range(0, candidates)
            .Select(_ => Enumerable.Range(0, skus)
                .Select(_ => random.NextDouble() < zeroShare ? 0 : random.Next(1, maxStock + 1)).ToArray())
            .ToArray();
        var services = Enumerable.Range(0, candidates)
            .Select(_ => Enumerable.Range(0, random.Next(1, maxServices + 1))
                .Select(_ => (random.Next(0, 21) * 0.5, random.Next(0, 9) * 0.25)).ToArray())
            .ToArray();
        return new Instance(demand, stock, services);
    }

    public override string ToString()
    {
        var text = new StringBuilder($"demand [{string.Join(", ", Demand)}]");
        for (var c = 0; c < Candidates; c++)
            text.Append($"; c{c} stock [{string.Join(", ", Stock[c])}] services {string.Join(" ", Services[c].Select(s => $"({s.Fixed}+{s.PerUnit}u)"))}");
        return text.ToString();
    }
}
