using OrderRouting.Lifecycle;
using OrderRouting.Tests.Lifecycle.Support;
using Xunit;
using static OrderRouting.Tests.Lifecycle.Support.LifecycleHarness;

namespace OrderRouting.Tests.Lifecycle;

public sealed class InMemoryOrderStoreTests
{
    [Fact]
    public void Constructor_NegativeCapacity_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryOrderStore(-1));
        Assert.Equal("capacity", error.ParamName);
    }

    [Fact]
    public void Constructor_CapacityAboveTheMaximum_ThrowsInsteadOfRunningOutOfMemory()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryOrderStore(InMemoryOrderStore.MaxCapacity + 1));
        Assert.Equal("capacity", error.ParamName);
    }

    [Fact]
    public async Task InMemoryOrderStore_MoreOrdersThanItsCapacity_KeepsAndDeduplicatesEveryOne()
    {
        var store = new InMemoryOrderStore(capacity: 1);
        using var h = new LifecycleHarness(store: store);
        h.Ledger.Receive(A, Red, 10);

        for (var i = 1; i <= 3; i++) await h.Lifecycle.IngestAsync(Order(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ("1", Red, 1)));
        var again = await h.Lifecycle.IngestAsync(Order("2", ("1", Red, 1)));

        Assert.Equal(3, store.Count);
        Assert.Equal(LifecycleStatus.Duplicate, again.Status);
        Assert.All(["web-1", "web-2", "web-3"], id => Assert.Equal(OrderState.Released, store.Find(OrderId.Of(id))!.State));
    }
}
