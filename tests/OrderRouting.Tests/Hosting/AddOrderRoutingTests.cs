using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using OrderRouting.Hosting;
using Xunit;

namespace OrderRouting.Tests.Hosting;

public class AddOrderRoutingTests
{
    [Fact]
    public void AddOrderRouting_Twice_RegistersOneClock()
    {
        var services = new ServiceCollection();
        services.AddOrderRouting().AddOrderRouting();
        Assert.Single(services, d => d.ServiceType == typeof(IClock));
    }

    [Fact]
    public void AddOrderRouting_ClockAlreadyRegistered_KeepsIt()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 27, 9, 0));
        var services = new ServiceCollection().AddSingleton<IClock>(clock);
        services.AddOrderRouting();
        Assert.Same(clock, services.BuildServiceProvider().GetRequiredService<IClock>());
    }

    [Fact]
    public void AddOrderRouting_SeveralProblems_ReportsAllInOneException()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<OrderRoutingConfigurationException>(() => services.AddOrderRouting(b => b
            .AddValidation(p => p.Add("A.Setting: must be positive, was -1"))
            .AddValidation(p => p.Add("B.Other: is required"))));
        Assert.Equal(
            "The OrderRouting configuration has 2 problems:" + Environment.NewLine + "- A.Setting: must be positive, was -1" +
            Environment.NewLine + "- B.Other: is required",
            error.Message);
    }

    [Fact]
    public void OrderRoutingBuilder_ChangedAfterBuild_Throws()
    {
        OrderRoutingBuilder? kept = null;
        new ServiceCollection().AddOrderRouting(b => kept = b);
        Assert.Throws<InvalidOperationException>(() => kept!.AddValidation(_ => { }));
    }
}
