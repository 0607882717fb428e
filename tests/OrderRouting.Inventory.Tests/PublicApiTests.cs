using OrderRouting.Testing;
using Xunit;

namespace OrderRouting.Inventory.Tests;

public class PublicApiTests
{
    [Fact]
    public void PublicApi_ComparedWithApprovedFile_HasNotChanged() =>
        ApiApproval.Verify(System.Reflection.Assembly.Load("OrderRouting.Inventory"));
}
