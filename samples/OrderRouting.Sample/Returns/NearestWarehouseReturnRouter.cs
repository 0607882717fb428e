using OrderRouting.Returns;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Returns;

/// <summary>
/// Sends every return to the merchant's own warehouse of the customer's region (Leipzig for Europe, Columbus for North
/// America): the store has no returns desk and the 3PL contract does not cover returns.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
internal sealed class NearestWarehouseReturnRouter : IReturnRouter
{
    /// <inheritdoc />
    public ReturnRouting Route(ReturnRoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.From.Country is "US" or "CA" ? SampleWorld.Columbus : SampleWorld.Leipzig;
        var site = SampleWorld.Site(target);
        var via = request.ShippedFrom is { } from && from != target ? $" (shipped from {from}, which takes no returns)" : "";
        return ReturnRouting.To(target, site.Address, $"own warehouse of the {(target == SampleWorld.Columbus ? "North American" : "European")} region{via}");
    }
}
