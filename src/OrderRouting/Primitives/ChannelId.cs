namespace OrderRouting;

/// <summary>
/// The name of a sales channel: a web store, a marketplace, a B2B portal. A validated identifier compared by ordinal (UTF-16 code unit) value, e.g. <c>web</c>.
/// <c>default</c> is the empty identifier, which no factory returns; treat it as "none".
/// </summary>
/// <remarks>The hash is computed once, so the type is cheap as a dictionary key. Immutable and thread-safe.</remarks>
public readonly record struct ChannelId : IComparable<ChannelId>
{
    private readonly int _hash;

    private ChannelId(string value)
    {
        Value = value;
        _hash = StringComparer.Ordinal.GetHashCode(value);
    }

    /// <summary>The identifier's text; <c>null</c> only for <c>default</c>.</summary>
    public string Value { get; }

    /// <summary>Creates the identifier.</summary>
    /// <param name="value">Non-empty, at most 200 characters, no leading or trailing white space.</param>
    /// <exception cref="ArgumentException">The value is null, empty, too long or padded with white space.</exception>
    public static ChannelId Of(string value) => new(Guard.Identifier(value));

    /// <inheritdoc />
    public bool Equals(ChannelId other) => _hash == other._hash && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>Compares ordinally (the tie-break order of the routing rules).</summary>
    public int CompareTo(ChannelId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value ?? "";
}
