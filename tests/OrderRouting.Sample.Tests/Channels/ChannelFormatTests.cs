using NodaTime;
using OrderRouting.Orders;
using OrderRouting.Sample.Channels;
using OrderRouting.Sample.Simulation;
using Xunit;

namespace OrderRouting.Sample.Tests.Channels;

public sealed class ChannelFormatTests
{
    private static readonly IReadOnlyList<DemandOrder> Day = DemandGenerator.Generate(9, 400, SampleWorld.TradingDay);

    [Fact]
    public async Task ReceiveAsync_WebStoreWebhook_MapsEveryFieldOfTheOrder()
    {
        var placed = Day.First(o => o.Channel == "web" && o.ShippingCharge is not null);
        var channel = new WebStoreChannel();
        channel.Deliver(WebStoreChannel.Render(placed));

        var order = Assert.Single(await channel.ReceiveAsync());

        AssertSame(placed, order, position: true);
        Assert.Equal(Money.Of(placed.ShippingCharge!.Value, placed.Currency), order.ShippingCharge);
        Assert.Equal(placed.Name, order.ChannelAttributes["shopify.name"]);
        Assert.Equal(OrderId.Of("web-" + placed.Name.TrimStart('#')), order.Id);
    }

    [Fact]
    public async Task ReceiveAsync_MarketplacePoll_MapsEveryOrderAndGeocodesThePostalCode()
    {
        var placed = Day.Where(o => o.Channel == "marketplace").Take(5).ToArray();
        var channel = new MarketplaceChannel();
        channel.Deliver(MarketplaceChannel.Render(placed));

        var orders = await channel.ReceiveAsync();

        Assert.Equal(placed.Length, orders.Count);
        foreach (var (expected, actual) in placed.Zip(orders)) AssertSame(expected, actual, position: true);
    }

    [Fact]
    public async Task ReceiveAsync_B2bBatch_GroupsRowsIntoOrdersWithTheirLocalDates()
    {
        var placed = Day.Where(o => o.Channel == "b2b").Take(6).ToArray();
        var channel = new B2bPortalChannel();
        var csv = B2bPortalChannel.Render(placed);
        channel.Deliver(csv);

        var orders = await channel.ReceiveAsync();

        Assert.Contains("\"Müller, Schmidt & Co. KG\"", B2bPortalChannel.Render(Day.Where(o => o.Company.StartsWith("Müller", StringComparison.Ordinal)).Take(1)), StringComparison.Ordinal);
        Assert.Equal(placed.Length, orders.Count);
        foreach (var (expected, actual) in placed.Zip(orders))
        {
            AssertSame(expected, actual, position: true);
            Assert.Equal(expected.Company, actual.ChannelAttributes["b2b.company"]);
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\": 1}")]
    public async Task ReceiveAsync_UnreadableWebhook_IsDeadLetteredAndNothingIngested(string payload)
    {
        var channel = new WebStoreChannel();
        channel.Deliver(payload);

        Assert.Empty(await channel.ReceiveAsync());
        Assert.StartsWith("web: not a Shopify order", Assert.Single(channel.DeadLetters), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_QuotedFieldsWithCommasQuotesAndLineBreaks_AreKept()
    {
        var records = Csv.Read("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b, c", "say \"hi\""], records[0]);
        Assert.Equal(["multi\nline", "", "x"], records[1]);
    }

    [Fact]
    public void Read_UnclosedQuote_ThrowsNamingTheLine()
    {
        var error = Assert.Throws<FormatException>(() => Csv.Read("a,b\n\"open,c\n"));

        Assert.Equal("line 3: a quoted field is not closed", error.Message);
    }

    [Fact]
    public void Generate_SameSeed_SameDay()
    {
        var again = DemandGenerator.Generate(9, 400, SampleWorld.TradingDay);

        Assert.Equal(Day.Select(o => (o.ExternalId, o.PlacedAt, o.Lines.Count)), again.Select(o => (o.ExternalId, o.PlacedAt, o.Lines.Count)));
        Assert.Equal(3, Day.Select(o => o.Channel).Distinct().Count());
    }

    private static void AssertSame(DemandOrder expected, Order actual, bool position)
    {
        Assert.Equal(expected.ExternalId, actual.ExternalId);
        Assert.Equal(expected.PlacedAt, actual.PlacedAt);
        Assert.Equal(expected.City.Country, actual.ShipTo.Country);
        Assert.Equal(expected.City.PostalCode, actual.ShipTo.PostalCode);
        if (position) Assert.Equal(expected.City.Position, actual.ShipTo.Position);
        Assert.Equal(expected.Email, actual.CustomerContact);
        Assert.Equal(
            expected.Lines.Select(l => (l.LineId, l.Product.Sku, l.Quantity, Money.Of(l.UnitPrice, expected.Currency))),
            actual.Lines.Select(l => (l.LineId, l.Sku, l.Quantity, l.UnitPrice)));
        Assert.Empty(actual.Validate());
        _ = Instant.MinValue;
    }
}
