namespace OrderRouting;

/// <summary>
/// An ISO 4217 alphabetic currency code: three upper-case ASCII letters, e.g. <c>EUR</c>.
/// <c>default</c> has no code and is not a valid currency.
/// </summary>
/// <remarks>The code's shape is checked, not its membership of the ISO list, so new currencies need no release.</remarks>
public readonly record struct Currency
{
    private Currency(string code) => Code = code;

    /// <summary>The three-letter code; <c>null</c> only for <c>default</c>.</summary>
    public string Code { get; }

    /// <summary>Creates a currency.</summary>
    /// <exception cref="ArgumentException">The code is not three upper-case ASCII letters.</exception>
    public static Currency Of(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
            throw new ArgumentException($"must be an ISO 4217 code of three upper-case letters, was \"{code}\"", nameof(code));
        return new Currency(code);
    }

    /// <inheritdoc />
    public override string ToString() => Code ?? "";
}
