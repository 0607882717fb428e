using System.Globalization;

namespace OrderRouting;

/// <summary>
/// An amount of money: a <see cref="decimal"/> amount in a <see cref="OrderRouting.Currency"/>.
/// Prices, refunds and fees use it; the shipping-cost objective of routing is a <see cref="double"/> instead.
/// Arithmetic and comparison across currencies throw, never convert.
/// </summary>
/// <remarks><c>default</c> is an amount of zero without a currency. Immutable and thread-safe.</remarks>
public readonly record struct Money : IComparable<Money>
{
    /// <summary>Creates an amount.</summary>
    public Money(decimal amount, Currency currency)
    {
        if (currency.Code is null) throw new ArgumentException("a currency is required", nameof(currency));
        Amount = amount;
        Currency = currency;
    }

    /// <summary>The amount, in units of the currency (e.g. 12.50 for €12.50).</summary>
    public decimal Amount { get; }

    /// <summary>The currency.</summary>
    public Currency Currency { get; }

    /// <summary>Creates an amount from a currency code.</summary>
    /// <exception cref="ArgumentException">The code is not an ISO 4217 code.</exception>
    public static Money Of(decimal amount, string currency) => new(amount, Currency.Of(currency));

    /// <summary>Zero in a currency.</summary>
    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>The sum.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount, Same(left, right));

    /// <summary>The difference.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money operator -(Money left, Money right) => new(left.Amount - right.Amount, Same(left, right));

    /// <summary>The amount times a count (a unit price times a quantity).</summary>
    public static Money operator *(Money price, int count) => new(price.Amount * count, price.Currency);

    /// <summary>The smaller amount.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public static Money Min(Money left, Money right) => left.CompareTo(right) <= 0 ? left : right;

    /// <summary>Compares amounts of the same currency.</summary>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        Same(this, other);
        return Amount.CompareTo(other.Amount);
    }

    /// <summary>Compares.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>The amount and code, e.g. <c>12.50 EUR</c> (invariant culture).</summary>
    public override string ToString() => $"{Amount.ToString(CultureInfo.InvariantCulture)} {Currency}";

    private static Currency Same(Money left, Money right) =>
        left.Currency == right.Currency
            ? left.Currency
            : throw new InvalidOperationException($"cannot combine {left.Currency} with {right.Currency}");
}
