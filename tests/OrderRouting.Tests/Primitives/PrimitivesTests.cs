using FsCheck;
using FsCheck.Fluent;
using OrderRouting.Testing;
using Xunit;

namespace OrderRouting.Tests.Primitives;

public class PrimitivesTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" SKU")]
    [InlineData("SKU ")]
    public void SkuOf_BadText_ThrowsNamingTheProblem(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => Sku.Of(text));
        Assert.Equal("value", error.ParamName);
    }

    [Fact]
    public void SkuOf_Null_Throws() => Assert.Throws<ArgumentNullException>(() => Sku.Of(null!));

    [Fact]
    public void LocationId_CompareTo_IsOrdinal()
    {
        Assert.True(LocationId.Of("EU-2").CompareTo(LocationId.Of("eu-1")) < 0);
        Assert.True(LocationId.Of("us-10").CompareTo(LocationId.Of("us-9")) < 0);
    }

    [PropertyTest]
    public Property Sku_EqualityAndHash_FollowOrdinalText(NonEmptyString a, NonEmptyString b)
    {
        var x = a.Get.Trim();
        var y = b.Get.Trim();
        if (x.Length == 0 || y.Length == 0 || x.Length > 200 || y.Length > 200) return true.ToProperty();
        var equal = Sku.Of(x) == Sku.Of(y);
        return (equal == string.Equals(x, y, StringComparison.Ordinal) && (!equal || Sku.Of(x).GetHashCode() == Sku.Of(y).GetHashCode()))
            .ToProperty();
    }

    [Fact]
    public void Quantity_Negative_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.Of(-1));

    [Fact]
    public void Quantity_SubtractBelowZero_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.Of(1) - Quantity.Of(2));

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    public void CurrencyOf_NotIsoShape_Throws(string code) => Assert.Throws<ArgumentException>(() => Currency.Of(code));

    [Fact]
    public void Money_AddAcrossCurrencies_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Money.Of(1m, "EUR") + Money.Of(1m, "USD"));
        Assert.Equal("cannot combine EUR with USD", error.Message);
    }

    [Fact]
    public void Money_Arithmetic_IsDecimalExact() =>
        Assert.Equal(Money.Of(0.3m, "EUR"), Money.Of(0.1m, "EUR") + Money.Of(0.1m, "EUR") + Money.Of(0.1m, "EUR"));

    [Fact]
    public void GeoPoint_DistanceBerlinToMunich_IsAbout504Km()
    {
        var berlin = GeoPoint.Of(52.52, 13.405);
        var munich = GeoPoint.Of(48.1351, 11.582);
        Assert.InRange(berlin.DistanceKm(munich), 503.0, 506.0);
    }

    [Fact]
    public void GeoPoint_Antipodes_IsHalfTheCircumference() =>
        Assert.Equal(Math.PI * GeoPoint.EarthRadiusKm, GeoPoint.Of(0, 0).DistanceKm(GeoPoint.Of(0, 180)), 6);

    [Theory]
    [InlineData(91, 0)]
    [InlineData(0, -181)]
    [InlineData(double.NaN, 0)]
    public void GeoPointOf_OutOfRange_Throws(double lat, double lon) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GeoPoint.Of(lat, lon));

    [PropertyTest]
    public Property GeoPoint_Distance_IsSymmetricAndBounded(int a, int b, int c, int d)
    {
        var p = GeoPoint.Of(a % 90, b % 180);
        var q = GeoPoint.Of(c % 90, d % 180);
        var pq = p.DistanceKm(q);
        return (Math.Abs(pq - q.DistanceKm(p)) < 1e-6 && pq >= 0 && pq <= Math.PI * GeoPoint.EarthRadiusKm + 1e-6).ToProperty();
    }

    [Theory]
    [InlineData("de", "10115")]
    [InlineData("DEU", "10115")]
    [InlineData("DE", "10115;DROP")]
    [InlineData("DE", "12345678901234567")]
    public void AddressCreate_Malformed_Throws(string country, string postalCode) =>
        Assert.Throws<ArgumentException>(() => Address.Create(country, postalCode));

    [Fact]
    public void Address_Equality_IsByValue() =>
        Assert.Equal(Address.Create("DE", "10115", GeoPoint.Of(52.5, 13.4), ["Invalidenstr. 1"]),
                     Address.Create("DE", "10115", GeoPoint.Of(52.5, 13.4), ["Invalidenstr. 1"]));
}
