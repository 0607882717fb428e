using OrderRouting.Testing;
using Xunit;

namespace OrderRouting.Tests;

public class PublicApiTests
{
    [Fact]
    public void PublicApi_ComparedWithApprovedFile_HasNotChanged() =>
        ApiApproval.Verify(typeof(OrderRouting.Hosting.OrderRoutingBuilder).Assembly);
}
