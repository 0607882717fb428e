using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Events;
using OrderRouting.Lifecycle;
using OrderRouting.Reporting;
using OrderRouting.Tests.Lifecycle.Support;
using Xunit;
using static OrderRouting.Tests.Lifecycle.Support.LifecycleHarness;

namespace OrderRouting.Tests.Reporting;

public class OperationalReportTests
{
    private static readonly OrderId O1 = OrderId.Of("web-1"), O2 = OrderId.Of("web-2"), O3 = OrderId.Of("b2b-3");

    private static IReadOnlyList<OrderEvent> Day()
    {
        var t = Start;
        var web1 = Order("1", ("1", Red, 2));
        var web2 = Order("2", ("1", Red, 1), ("2", Blue, 1));
        var b2b3 = Order("3", ("1", Blue, 4)) with { Id = O3, Channel = ChannelId.Of("b2b") };
        return
        [
            new OrderReceived(O1, t, web1),
            new OrderReceived(O2, t, web2),
            new OrderReceived(O3, t, b2b3),
            new OrderRouted(O1, t, [new PlannedShipment(A, [new FulfilmentLine("1", Red, 2)], 6)], [], true, null),
            new OrderRouted(O2, t, [new PlannedShipment(A, [new FulfilmentLine("1", Red, 1)], 6), new PlannedShipment(B, [new FulfilmentLine("2", Blue, 1)], 7)], [], true, null),
            new OrderRouted(O3, t, [new PlannedShipment(B, [new FulfilmentLine("1", Blue, 3)], 7)], [new FulfilmentLine("1", Blue, 1)], true, null),
            new ExceptionFlagged(O3, t, new OrderException(ExceptionCause.NoStock, "no stock", t, 1, ExceptionAction.AwaitStock)),
            new ShipmentDispatched(O1, t + Duration.FromHours(4), "web-1/1", A, [new FulfilmentLine("1", Red, 2)], "dhl", "T1", 6, t),
            new ShipmentDispatched(O2, t + Duration.FromHours(2), "web-2/1", A, [new FulfilmentLine("1", Red, 1)], "dhl", "T2", 6, t),
            new ShipmentDispatched(O2, t + Duration.FromHours(6), "web-2/2", B, [new FulfilmentLine("2", Blue, 1)], "ups", "U1", 7, t),
            new ShipmentDelivered(O1, t + Duration.FromDays(1), "web-1/1", "dhl", true),
            new ShipmentDelivered(O2, t + Duration.FromDays(2), "web-2/1", "dhl", false),
            new ShipmentDelivered(O2, t + Duration.FromDays(1), "web-2/2", "ups", null),
            new OrderStateChanged(O1, t + Duration.FromDays(1), OrderState.Dispatched, OrderTrigger.Deliver, OrderState.Delivered),
            new ReturnRequested(O1, t + Duration.FromDays(3), ChannelId.Of("web"), [new FulfilmentLine("1", Red, 1)], "damaged", "web-1:return:1"),
            new OrderStateChanged(O3, t, OrderState.Exception, OrderTrigger.Cancel, OrderState.Cancelled),
        ];
    }

    [Fact]
    public void From_KnownDay_EveryFigure()
    {
        var report = OperationalReport.From(Day());

        Assert.Equal(3, report.Orders);
        Assert.Equal(1, report.Delivered);
        Assert.Equal(1, report.Cancelled);
        Assert.Equal(0.6667, report.FillRate);
        Assert.Equal(0.3333, report.SplitRate);
        Assert.Equal(9.5, report.AverageShippingCost);
        Assert.Equal(new FulfilmentTime(2, 3, 4), report.FulfilmentTimeByLocation["a"]);
        Assert.Equal(new FulfilmentTime(1, 6, 6), report.FulfilmentTimeByLocation["b"]);
        Assert.Equal(0.3333, report.ReturnsRateByProduct["RED"]);
        Assert.Equal(0, report.ReturnsRateByProduct["BLUE"]);
        Assert.Equal(0.5, report.ReturnsRateByChannel["web"]);
        Assert.False(report.ReturnsRateByChannel.ContainsKey("b2b"));
        Assert.Equal(0.5, report.CarrierOnTimeRate["dhl"]);
        Assert.False(report.CarrierOnTimeRate.ContainsKey("ups"));
        Assert.Equal(1, report.ExceptionsByCause["NoStock"]);
        Assert.Null(report.Shadow);
    }

    [Fact]
    public void ToJson_KnownDay_HasTheNamedFieldsWithSortedKeys()
    {
        var json = OperationalReport.From(Day()).ToJson();

        foreach (var field in new[] { "fillRate", "splitRate", "averageShippingCost", "fulfilmentTimeByLocation", "returnsRateByProduct", "returnsRateByChannel", "carrierOnTimeRate", "exceptionsByCause" })
            Assert.Contains($"\"{field}\":", json);
        Assert.True(json.IndexOf("\"BLUE\"", StringComparison.Ordinal) < json.IndexOf("\"RED\"", StringComparison.Ordinal));
        Assert.DoesNotContain("\r", json);
        Assert.DoesNotContain("shadow", json);
    }

    [Fact]
    public void ToJson_SameEventsTwice_ByteIdentical() =>
        Assert.Equal(OperationalReport.From(Day()).ToJson(), OperationalReport.From(Day().ToArray()).ToJson());

    [Fact]
    public void From_NoEvents_ZeroRatesNotNaN()
    {
        var report = OperationalReport.From([]);

        Assert.Equal(0, report.FillRate);
        Assert.Equal(0, report.AverageShippingCost);
        Assert.Empty(report.FulfilmentTimeByLocation);
    }

    [Fact]
    public async Task From_LifecycleWithShadowPlanner_ComparesLiveAndShadow()
    {
        var options = new OrderLifecycleOptions { ShadowPlanner = new FirstFitPlanner([B, C, A]) };
        using var h = new LifecycleHarness(options);
        h.Ledger.Receive(A, Red, 5);
        h.Ledger.Receive(C, Red, 5);
        await h.Lifecycle.IngestAsync(Order("1", ("1", Red, 2)));
        await h.Lifecycle.IngestAsync(Order("2", ("1", Red, 2)));

        var shadow = OperationalReport.From(h.Events).Shadow!;

        Assert.Equal(2, shadow.Orders);
        Assert.Equal(5, shadow.LiveAverageCost);
        Assert.Equal(6, shadow.ShadowAverageCost); // the candidate tries B (empty), then ships from C at index 1
        Assert.Equal(0, shadow.ShadowCheaper);
        Assert.Equal(1, shadow.LiveFillRate);
        Assert.Equal(1, shadow.AveragePromiseDifferenceHours);
        Assert.All(h.Get("1").Shipments, s => Assert.Equal(A, s.Location)); // the shadow never acts
        Assert.Equal(0, h.Ledger.Balance(C, Red).Held);
    }
}
