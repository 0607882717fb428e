namespace OrderRouting.Returns;

/// <summary>The settings of <see cref="ReturnsService"/>. Every property documents its default.</summary>
/// <remarks>Not thread-safe: configure at start-up inside <c>AddReturns(...)</c>.</remarks>
public sealed class ReturnsOptions
{
    /// <summary>The return policy (windows, reason codes, automatic authorisation, fees).</summary>
    /// <value>The default value is a <see cref="ReturnPolicyOptions"/> with its own defaults.</value>
    public ReturnPolicyOptions Policy { get; } = new();

    /// <summary>Advance exchanges.</summary>
    /// <value>The default value is an <see cref="AdvanceExchangeOptions"/> with advance exchanges disabled.</value>
    public AdvanceExchangeOptions AdvanceExchange { get; } = new();

    /// <summary>Return routing: the locations that accept returns and how one is chosen.</summary>
    /// <value>The default value is a <see cref="ReturnRoutingOptions"/> with no locations and the distance strategy.</value>
    public ReturnRoutingOptions Routing { get; } = new();

    /// <summary>The carrier code used for return labels.</summary>
    /// <value>The default value is <c>"returns"</c>: the host's carrier gateway decides.</value>
    public string Carrier { get; set; } = "returns";

    /// <summary>The carrier service used for return labels.</summary>
    /// <value>The default value is <c>"standard"</c>.</value>
    public string CarrierService { get; set; } = "standard";

    /// <summary>The prefix of RMA numbers; the return id follows it.</summary>
    /// <value>The default value is <c>"RMA-"</c>.</value>
    public string RmaPrefix { get; set; } = "RMA-";

    /// <summary>Adds a sentence to <paramref name="problems"/> for each invalid setting, naming it.</summary>
    public void Validate(ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Policy.Validate(problems);
        AdvanceExchange.Validate(problems);
        Routing.Validate(problems);
        if (string.IsNullOrWhiteSpace(Carrier)) problems.Add("Returns.Carrier: must not be empty");
        if (string.IsNullOrWhiteSpace(CarrierService)) problems.Add("Returns.CarrierService: must not be empty");
        if (RmaPrefix is null) problems.Add("Returns.RmaPrefix: is required");
    }
}
