using NodaTime;
using OrderRouting.Network;
using OrderRouting.Promising;

namespace OrderRouting.Sample.Simulation;

/// <summary>What kind of site a location is; it decides who fulfils from it and how that behaves.</summary>
internal enum SiteKind
{
    /// <summary>An own warehouse run by the merchant's WMS.</summary>
    Warehouse,
    /// <summary>A shop that ships from its back room.</summary>
    Store,
    /// <summary>A third-party logistics provider's site.</summary>
    ThirdParty,
}

/// <summary>A stock location of the sample with what the simulation needs beside routing's <see cref="StockLocation"/>.</summary>
/// <param name="Location">The routing view: zone, cutoff, calendar, carrier services, countries.</param>
/// <param name="Kind">Warehouse, store or 3PL.</param>
/// <param name="Name">A readable name for the report.</param>
/// <param name="Address">Where it is (return labels go there).</param>
internal sealed record Site(StockLocation Location, SiteKind Kind, string Name, Address Address)
{
    public LocationId Id => Location.Id;

    /// <summary>The carrier's collection time each working day: two hours after the cutoff.</summary>
    public LocalTime Collection => Location.Cutoff!.Value.PlusHours(2);
}

/// <summary>A product of the catalogue.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="Category">apparel, footwear, electronics, home, beauty or toys.</param>
/// <param name="PriceEur">The list price in euros (other currencies are derived).</param>
/// <param name="Popularity">Relative demand.</param>
/// <param name="ReturnPropensity">How often it comes back, relative (apparel high, electronics low).</param>
/// <param name="Handling">Special handling tags (e.g. <c>hazmat</c> for perfume).</param>
/// <param name="Family">Products of one family differ only by size (exchanges swap within it).</param>
internal sealed record Product(Sku Sku, string Category, decimal PriceEur, double Popularity, double ReturnPropensity, string[] Handling, string Family);

/// <summary>A customer city: where demand comes from.</summary>
internal sealed record City(string Name, string Country, string PostalCode, double Latitude, double Longitude, string Zone, double Weight, string Street)
{
    public DateTimeZone TimeZone => DateTimeZoneProviders.Tzdb[Zone];

    public GeoPoint Position => GeoPoint.Of(Latitude, Longitude);

    public bool IsEurope => Country is not ("US" or "CA");
}

/// <summary>
/// The sample's world: four locations in four time zones (two own warehouses, a store, a 3PL), their carriers, a
/// catalogue of 28 products and the cities customers order from. Fixed data: only the demand varies with the seed.
/// </summary>
internal static class SampleWorld
{
    /// <summary>The trading day simulated: Black Friday 2026.</summary>
    public static readonly LocalDate TradingDay = new(2026, 11, 27);

    private static readonly WorkingCalendar MondayToSaturday = new([
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday]);

    private static readonly WorkingCalendar EveryDay = new([
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday]);

    public static readonly LocationId Leipzig = LocationId.Of("eu-leipzig");
    public static readonly LocationId LondonStore = LocationId.Of("gb-london-store");
    public static readonly LocationId Columbus = LocationId.Of("us-columbus");
    public static readonly LocationId Reno3pl = LocationId.Of("us-reno-3pl");

    /// <summary>The four locations, in id order.</summary>
    public static IReadOnlyList<Site> Sites { get; } =
    [
        new(new StockLocation
        {
            Id = Leipzig, Priority = 1, Position = GeoPoint.Of(51.3397, 12.3731), TimeZone = Zone("Europe/Berlin"),
            Cutoff = new LocalTime(16, 0), Calendar = MondayToSaturday, Capabilities = ["hazmat"],
            Countries = ["AT", "BE", "DE", "FR", "GB", "NL"],
            Services =
            [
                new CarrierService { Carrier = "dhl", Service = "parcel", BaseCost = 4.10, CostPerKm = 0.0035, CostPerUnit = 0.25, TransitDays = 2, Score = 0.9 },
                new CarrierService { Carrier = "dhl", Service = "express", BaseCost = 8.90, CostPerKm = 0.0040, CostPerUnit = 0.25, TransitDays = 1, Score = 0.97 },
            ],
        }, SiteKind.Warehouse, "Leipzig warehouse (own)", Address.Create("DE", "04109", GeoPoint.Of(51.3397, 12.3731), ["Am Exer 10", "Leipzig"])),
        new(new StockLocation
        {
            Id = LondonStore, Priority = 3, Position = GeoPoint.Of(51.5154, -0.1410), TimeZone = Zone("Europe/London"),
            Cutoff = new LocalTime(12, 0), Calendar = EveryDay, Countries = ["GB"],
            Services = [new CarrierService { Carrier = "royal-mail", Service = "tracked48", BaseCost = 3.20, CostPerKm = 0.0030, CostPerUnit = 0.10, TransitDays = 2, Score = 0.85 }],
        }, SiteKind.Store, "London Oxford St store", Address.Create("GB", "W1C 1AP", GeoPoint.Of(51.5154, -0.1410), ["300 Oxford Street", "London"])),
        new(new StockLocation
        {
            Id = Columbus, Priority = 1, Position = GeoPoint.Of(39.9612, -82.9988), TimeZone = Zone("America/New_York"),
            Cutoff = new LocalTime(17, 0), Calendar = WorkingCalendar.MondayToFriday, Capabilities = ["hazmat"], Countries = ["CA", "US"],
            Services =
            [
                new CarrierService { Carrier = "ups", Service = "ground", BaseCost = 6.50, CostPerKm = 0.0025, CostPerUnit = 0.30, TransitDays = 3, Score = 0.92 },
                new CarrierService { Carrier = "ups", Service = "2day", BaseCost = 12.00, CostPerKm = 0.0030, CostPerUnit = 0.30, TransitDays = 2, Score = 0.95 },
            ],
        }, SiteKind.Warehouse, "Columbus warehouse (own)", Address.Create("US", "43215", GeoPoint.Of(39.9612, -82.9988), ["1 Logistics Way", "Columbus, OH"])),
        new(new StockLocation
        {
            Id = Reno3pl, Priority = 2, Position = GeoPoint.Of(39.5296, -119.8138), TimeZone = Zone("America/Los_Angeles"),
            Cutoff = new LocalTime(14, 0), Calendar = WorkingCalendar.MondayToFriday, Capabilities = ["hazmat"], Countries = ["US"],
            Services = [new CarrierService { Carrier = "fedex", Service = "ground", BaseCost = 5.90, CostPerKm = 0.0028, CostPerUnit = 0.35, TransitDays = 3, Score = 0.88 }],
        }, SiteKind.ThirdParty, "Reno 3PL (contract)", Address.Create("US", "89502", GeoPoint.Of(39.5296, -119.8138), ["2400 Market St", "Reno, NV"])),
    ];

    /// <summary>The site of a location.</summary>
    public static Site Site(LocationId id) => Sites.First(s => s.Id == id);

    /// <summary>The catalogue, in SKU order.</summary>
    public static IReadOnlyList<Product> Catalogue { get; } = new Product[]
    {
        P("TEE-BLK-S", "apparel", 19.90m, 3, 2.2, "TEE-BLK"), P("TEE-BLK-M", "apparel", 19.90m, 5, 2.2, "TEE-BLK"), P("TEE-BLK-L", "apparel", 19.90m, 4, 2.2, "TEE-BLK"),
        P("HOODIE-GRY-M", "apparel", 49.00m, 4, 2.0, "HOODIE-GRY"), P("HOODIE-GRY-L", "apparel", 49.00m, 3, 2.0, "HOODIE-GRY"),
        P("JEANS-IND-32", "apparel", 79.00m, 3, 3.0, "JEANS-IND"), P("JEANS-IND-34", "apparel", 79.00m, 3, 3.0, "JEANS-IND"),
        P("DRESS-RED-S", "apparel", 89.00m, 2, 3.5, "DRESS-RED"), P("DRESS-RED-M", "apparel", 89.00m, 2, 3.5, "DRESS-RED"),
        P("JACKET-OLV-M", "apparel", 149.00m, 2, 2.4, "JACKET-OLV"), P("JACKET-OLV-L", "apparel", 149.00m, 2, 2.4, "JACKET-OLV"),
        P("SNEAKER-WHT-42", "footwear", 99.00m, 3, 2.8, "SNEAKER-WHT"), P("SNEAKER-WHT-43", "footwear", 99.00m, 4, 2.8, "SNEAKER-WHT"), P("SNEAKER-WHT-44", "footwear", 99.00m, 3, 2.8, "SNEAKER-WHT"),
        P("EARBUDS-PRO", "electronics", 179.00m, 5, 0.8), P("SPEAKER-MINI", "electronics", 59.00m, 4, 0.6), P("CHARGER-65W", "electronics", 39.00m, 4, 0.4),
        P("SMARTWATCH-2", "electronics", 249.00m, 4, 1.0), P("EREADER-7", "electronics", 129.00m, 2, 0.7),
        P("MUG-SET-4", "home", 29.00m, 3, 0.5), P("LAMP-DESK", "home", 69.00m, 2, 0.8), P("BLANKET-WOOL", "home", 89.00m, 2, 0.9), P("GRINDER-BURR", "home", 119.00m, 1.5, 0.7),
        P("SERUM-30ML", "beauty", 34.00m, 3, 0.3), P("PERFUME-50ML", "beauty", 79.00m, 2, 0.4, handling: "hazmat"), P("LIPSTICK-RED", "beauty", 24.00m, 2, 0.0),
        P("PUZZLE-1000", "toys", 24.00m, 2, 0.4), P("BLOCKS-SET", "toys", 59.00m, 2, 0.5),
    }.OrderBy(p => p.Sku).ToArray();

    /// <summary>Products the return policy does not take back (hygiene).</summary>
    public static IReadOnlyList<Sku> NonReturnable { get; } = [Sku.Of("LIPSTICK-RED")];

    /// <summary>Bulky products the Columbus warehouse stocks little of: the Reno 3PL holds most of them.</summary>
    public static bool IsBulky(Sku sku) => sku.Value is "LAMP-DESK" or "BLANKET-WOOL" or "GRINDER-BURR" or "BLOCKS-SET";

    /// <summary>Black Friday's door-busters: stocked short, replenished by a purchase order the next morning.</summary>
    public static bool IsDoorBuster(Sku sku) => sku.Value is "SMARTWATCH-2" or "SNEAKER-WHT-43" or "EARBUDS-PRO";

    /// <summary>The cities customers order from.</summary>
    public static IReadOnlyList<City> Cities { get; } =
    [
        new("Berlin", "DE", "10115", 52.5323, 13.3846, "Europe/Berlin", 6, "Invalidenstraße 43"),
        new("Hamburg", "DE", "20095", 53.5503, 10.0006, "Europe/Berlin", 4, "Mönckebergstraße 7"),
        new("Munich", "DE", "80331", 48.1371, 11.5754, "Europe/Berlin", 4, "Sendlinger Straße 12"),
        new("Cologne", "DE", "50667", 50.9384, 6.9599, "Europe/Berlin", 3, "Hohe Straße 101"),
        new("Vienna", "AT", "1010", 48.2085, 16.3721, "Europe/Vienna", 2, "Graben 21"),
        new("Paris", "FR", "75001", 48.8625, 2.3363, "Europe/Paris", 4, "Rue de Rivoli 99"),
        new("Lyon", "FR", "69002", 45.7578, 4.8320, "Europe/Paris", 2, "Rue de la République 20"),
        new("Amsterdam", "NL", "1012 AB", 52.3731, 4.8926, "Europe/Amsterdam", 3, "Kalverstraat 92"),
        new("Brussels", "BE", "1000", 50.8467, 4.3525, "Europe/Brussels", 2, "Rue Neuve 111"),
        new("London", "GB", "SW1A 1AA", 51.5014, -0.1419, "Europe/London", 6, "12 Buckingham Gate"),
        new("Manchester", "GB", "M1 1AE", 53.4808, -2.2426, "Europe/London", 3, "1 Piccadilly"),
        new("Edinburgh", "GB", "EH1 1YZ", 55.9533, -3.1883, "Europe/London", 1.5, "10 Princes Street"),
        new("New York", "US", "10001", 40.7506, -73.9972, "America/New_York", 7, "350 W 31st St"),
        new("Boston", "US", "02108", 42.3588, -71.0638, "America/New_York", 2, "1 Beacon St"),
        new("Chicago", "US", "60601", 41.8853, -87.6216, "America/Chicago", 4, "151 N Michigan Ave"),
        new("Austin", "US", "78701", 30.2711, -97.7437, "America/Chicago", 2, "600 Congress Ave"),
        new("Denver", "US", "80202", 39.7508, -104.9966, "America/Denver", 2, "1600 Champa St"),
        new("Los Angeles", "US", "90012", 34.0614, -118.2385, "America/Los_Angeles", 5, "200 N Spring St"),
        new("Seattle", "US", "98101", 47.6101, -122.3344, "America/Los_Angeles", 3, "400 Pine St"),
        new("Miami", "US", "33131", 25.7663, -80.1917, "America/New_York", 2.5, "1 Brickell Ave"),
        new("Toronto", "CA", "M5H 2N2", 43.6510, -79.3815, "America/Toronto", 2, "100 King St W"),
    ];

    /// <summary>The city of a postal code (the sample's geocoder for channels that send no coordinates).</summary>
    public static City? Geocode(string country, string postalCode) =>
        Cities.FirstOrDefault(c => c.Country == country && c.PostalCode == postalCode);

    /// <summary>The currency customers in a country pay in.</summary>
    public static string CurrencyOf(string country) => country switch
    {
        "GB" => "GBP",
        "US" => "USD",
        "CA" => "CAD",
        _ => "EUR",
    };

    /// <summary>A product's price in a currency: converted from euros and ended in .99 / .90 as shops do.</summary>
    public static decimal PriceIn(Product product, string currency) => currency switch
    {
        "EUR" => product.PriceEur,
        "GBP" => Math.Round(product.PriceEur * 0.87m, 0) - 0.01m,
        "USD" => Math.Round(product.PriceEur * 1.06m, 0) - 0.01m,
        "CAD" => Math.Round(product.PriceEur * 1.48m, 0) - 0.01m,
        _ => throw new ArgumentOutOfRangeException(nameof(currency), currency, "no price list"),
    };

    /// <summary>The product of a SKU.</summary>
    public static Product ProductOf(Sku sku) => Catalogue.First(p => p.Sku == sku);

    private static Product P(string sku, string category, decimal price, double popularity, double returns, string? family = null, string? handling = null) =>
        new(Sku.Of(sku), category, price, popularity, returns, handling is null ? [] : [handling], family ?? sku);

    private static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];
}
