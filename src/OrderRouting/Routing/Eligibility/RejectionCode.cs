namespace OrderRouting.Routing.Eligibility;

/// <summary>Why a location was not a candidate for an order or a line.</summary>
public enum RejectionCode
{
    /// <summary>The location is disabled.</summary>
    Disabled,

    /// <summary>The location has no carrier service.</summary>
    NoCarrierService,

    /// <summary>The location does not serve the order's sales channel.</summary>
    ChannelRestricted,

    /// <summary>The location does not ship to the order's country.</summary>
    CountryRestricted,

    /// <summary>The location has used its daily capacity on the order's local placing day (or its capacity is 0).</summary>
    CapacityFull,

    /// <summary>No service of the location can deliver by the requested date or service level.</summary>
    DeliveryNotAchievable,

    /// <summary>The location lacks a handling capability the line needs.</summary>
    HandlingNotSupported,

    /// <summary>A user's eligibility rule refused it.</summary>
    Rule,
}

/// <summary>A location's rejection: the code, the rule's name for <see cref="RejectionCode.Rule"/>, and a sentence.</summary>
/// <param name="Code">The kind of rejection.</param>
/// <param name="Detail">A sentence an operator can read.</param>
/// <param name="RuleName">The user rule that refused, for <see cref="RejectionCode.Rule"/>; otherwise null.</param>
public readonly record struct LocationRejection(RejectionCode Code, string Detail, string? RuleName = null);
