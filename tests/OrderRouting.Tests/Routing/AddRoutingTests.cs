using Microsoft.Extensions.DependencyInjection;
using OrderRouting.Hosting;
using OrderRouting.Network;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Routing;

public class AddRoutingTests
{
    [Fact]
    public void AddRouting_RegistersNetworkAndEngine()
    {
        var network = RoutingNetwork.Create([Location("a")]);
        var policy = new RoutingPolicy { Strategy = RankingStrategies.Distance };
        var provider = new ServiceCollection().AddOrderRouting(b => b.AddRouting(network, policy)).BuildServiceProvider();
        var engine = provider.GetRequiredService<RoutingEngine>();
        Assert.Same(network, engine.Network);
        Assert.Same(policy, engine.Policy);
    }

    [Fact]
    public void AddRouting_BadPolicy_ReportsEveryProblemTogether()
    {
        var policy = new RoutingPolicy { Strategy = null!, Split = (SplitPolicy)9 };
        var error = Assert.Throws<OrderRoutingConfigurationException>(() => new ServiceCollection().AddOrderRouting(b => b.AddRouting(null!, policy)));
        Assert.Equal(["Routing.Network: is required", "Routing.Policy.Strategy: is required", "Routing.Policy.Split: undefined value 9"], error.Problems);
    }
}
