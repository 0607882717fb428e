using NodaTime;
using OrderRouting.Network;
using OrderRouting.Promising;
using OrderRouting.Routing;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Promising;

public class PromiseDatesTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly WorkingCalendar EveryDay = new(Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None));

    [Theory]
    [InlineData(13, 59, 59, 999, 27)] // a millisecond before the cutoff: today
    [InlineData(14, 0, 0, 0, 30)]     // exactly at the cutoff: next working day (Friday -> Monday)
    [InlineData(14, 0, 0, 1, 30)]
    public void DispatchDate_AroundTheCutoff_ComparesAtFullPrecision(int hour, int minute, int second, int ms, int expectedDay)
    {
        var placed = new LocalDateTime(2026, 11, 27, hour, minute, second, ms);
        Assert.Equal(new LocalDate(2026, 11, expectedDay), PromiseDates.DispatchDate(placed, new LocalTime(14, 0), WorkingCalendar.MondayToFriday));
    }

    [Fact]
    public void DispatchDate_CutoffMidnight_AlwaysNextWorkingDay() =>
        Assert.Equal(new LocalDate(2026, 11, 26),
            PromiseDates.DispatchDate(new LocalDateTime(2026, 11, 25, 0, 0), LocalTime.Midnight, WorkingCalendar.MondayToFriday));

    [Fact]
    public void DispatchDate_NoCutoff_SameWorkingDayAtAnyHour() =>
        Assert.Equal(new LocalDate(2026, 11, 25),
            PromiseDates.DispatchDate(new LocalDateTime(2026, 11, 25, 23, 59, 59), null, WorkingCalendar.MondayToFriday));

    [Theory]
    [InlineData(28)] // Saturday
    [InlineData(29)] // Sunday
    public void DispatchDate_Weekend_NextMonday(int day) =>
        Assert.Equal(new LocalDate(2026, 11, 30),
            PromiseDates.DispatchDate(new LocalDateTime(2026, 11, day, 9, 0), new LocalTime(14, 0), WorkingCalendar.MondayToFriday));

    [Fact]
    public void DispatchDate_SundayToThursdayWeek_FridayOrderShipsSunday() =>
        Assert.Equal(new LocalDate(2026, 11, 29),
            PromiseDates.DispatchDate(new LocalDateTime(2026, 11, 27, 9, 0), null, WorkingCalendar.SundayToThursday));

    [Fact]
    public void DeliveryDate_HolidayInTransit_IsSkipped()
    {
        var calendar = WorkingCalendar.MondayToFriday.WithHolidays([new LocalDate(2026, 11, 30)]);
        Assert.Equal(new LocalDate(2026, 12, 2), PromiseDates.DeliveryDate(new LocalDate(2026, 11, 27), 2, calendar));
        Assert.False(calendar.IsWorkingDay(new LocalDate(2026, 11, 30)));
    }

    [Fact]
    public void DeliveryDate_ZeroTransit_IsTheDispatchDate() =>
        Assert.Equal(new LocalDate(2026, 11, 27), PromiseDates.DeliveryDate(new LocalDate(2026, 11, 27), 0, WorkingCalendar.MondayToFriday));

    [Fact]
    public void WorkingCalendar_NoWorkingDay_Throws() =>
        Assert.Throws<ArgumentException>(() => new WorkingCalendar([]));

    [Theory]
    // Spring forward, Sunday 29 March 2026: 12:30Z is 14:30 CEST (after a 14:00 cutoff), though 13:30 in winter time.
    [InlineData("2026-03-28T12:30:00Z", "2026-03-28")]
    [InlineData("2026-03-29T12:30:00Z", "2026-03-30")]
    [InlineData("2026-03-29T11:59:59Z", "2026-03-29")]
    // Fall back, Sunday 25 October 2026: 12:30Z is 13:30 CET (before the cutoff), though 14:30 in summer time.
    [InlineData("2026-10-24T12:30:00Z", "2026-10-25")]
    [InlineData("2026-10-25T12:30:00Z", "2026-10-25")]
    public void Route_DaylightSavingChangeDay_UsesTheWallClockOfThatInstant(string placedAt, string expectedDispatch)
    {
        var location = Location("de") with { TimeZone = Berlin, Cutoff = new LocalTime(14, 0), Calendar = EveryDay };
        var engine = Engine(location);
        var stock = Stock(("de", "S", 100));
        // Route the day before first, so a cached zone offset from the other side of the change must not be reused.
        engine.Route(Order(NodaTime.Text.InstantPattern.General.Parse(placedAt).Value - Duration.FromDays(1), null, Line("S", 1)), stock);

        var result = engine.Route(Order(NodaTime.Text.InstantPattern.General.Parse(placedAt).Value, null, Line("S", 1)), stock);

        Assert.Equal(NodaTime.Text.LocalDatePattern.Iso.Parse(expectedDispatch).Value, Assert.Single(result.Shipments).DispatchDate);
    }

    [Fact]
    public void Route_ZonesAcrossMidnight_EachLocationUsesItsOwnLocalDate()
    {
        // Friday 27 November 2026, 23:30 UTC: Saturday 08:30 in Tokyo, Friday 15:30 in Los Angeles.
        var placed = Instant.FromUtc(2026, 11, 27, 23, 30);
        var tokyo = Location("jp", priority: 1) with { TimeZone = DateTimeZoneProviders.Tzdb["Asia/Tokyo"], Cutoff = new LocalTime(14, 0) };
        var losAngeles = Location("us", priority: 2) with { TimeZone = DateTimeZoneProviders.Tzdb["America/Los_Angeles"], Cutoff = new LocalTime(16, 0) };
        var engine = Engine(tokyo, losAngeles);

        var result = engine.Route(Order(placed, null, Line("A", 2), Line("B", 1)), Stock(("jp", "A", 2), ("us", "B", 1)));

        var jp = result.Shipments[0];
        var us = result.Shipments[1];
        Assert.Equal((new LocalDate(2026, 11, 28), new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 2)), (jp.IntakeDate, jp.DispatchDate, jp.PromisedDelivery));
        Assert.Equal((new LocalDate(2026, 11, 27), new LocalDate(2026, 11, 27), new LocalDate(2026, 12, 1)), (us.IntakeDate, us.DispatchDate, us.PromisedDelivery));
    }

    [Fact]
    public void Route_CapacityDayInLocationZone_CountsOnTheLocalDate()
    {
        var tokyo = Location("jp", capacity: 1) with { TimeZone = DateTimeZoneProviders.Tzdb["Asia/Tokyo"] };
        var engine = Engine(tokyo);
        var stock = Stock(("jp", "A", 10));
        var capacity = new DailyCapacityCounter();
        capacity.Record(LocationId.Of("jp"), new LocalDate(2026, 11, 27)); // Friday in Tokyo is full

        var result = engine.Route(Order(Instant.FromUtc(2026, 11, 27, 23, 30), null, Line("A", 1)), stock, capacity);

        Assert.Equal(RoutingOutcome.Routed, result.Outcome); // Saturday in Tokyo still has room
        Assert.Equal(new LocalDate(2026, 11, 28), result.Shipments[0].IntakeDate);
    }
}
