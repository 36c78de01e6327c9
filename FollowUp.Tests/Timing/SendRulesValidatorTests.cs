using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timing;
using NodaTime;
using static FollowUp.Tests.Timing.Timings;

namespace FollowUp.Tests.Timing;

public sealed class SendRulesValidatorTests
{
    private static readonly SequenceStepRequest EmailStep = new("thanks", "PT1H", StepChannel.Email, "Hi", "Hello", null);
    private static readonly SequenceStepRequest SmsStep = new("nudge", "P1D", StepChannel.Sms, null, "Still there?", null);
    private static readonly SendWindowRequest WeekdayWindow = new(["Mon", "Tue", "Wed", "Thu", "Fri"], "09:00", "17:00");

    private static SequenceRequest Request(
        string? timeZone = null,
        SendWindowRequest? sendWindow = null,
        string? smsQuietHours = null,
        IReadOnlyList<string?>? holidays = null,
        string? spread = null,
        SequenceStepRequest? step = null) =>
        new("Welcome", [step ?? EmailStep], null, TimeZone: timeZone, SendWindow: sendWindow, SmsQuietHours: smsQuietHours, Holidays: holidays, Spread: spread);

    private static (SendRules? Rules, IDictionary<string, string[]> Errors) Validate(SequenceRequest request)
    {
        var errors = new ValidationErrors();
        var rules = SendRulesValidator.Validate(request, DefaultQuietHours, errors);
        return (rules, errors.ToDictionary());
    }

    private static string[] ErrorFields(SequenceRequest request) => [.. Validate(request).Errors.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Validate_AllFields_ReturnsTheRules()
    {
        var (rules, errors) = Validate(Request(
            "America/Chicago", new(["fri", "Monday", "Wed"], "09:30", "17:00"), "22:00-07:00", ["2026-12-25", "2026-11-26", "2026-12-25"], "PT10M", SmsStep));

        Assert.Empty(errors);
        Assert.Equal(
            new SendRules("America/Chicago", Window("Mon,Wed,Fri", "09:30", "17:00"), QuietHours.Parse("22:00-07:00"), Dates("2026-11-26", "2026-12-25"), TimeSpan.FromMinutes(10)),
            rules);
    }

    [Fact]
    public void Validate_NoTimingFields_ReturnsRulesThatLeaveAllToTheSettings()
    {
        var (rules, errors) = Validate(Request());

        Assert.Empty(errors);
        Assert.Equal(SendRules.Default, rules);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Central")]
    [InlineData("")]
    public void Validate_UnknownTimeZone_NamesTimeZone(string zone)
    {
        Assert.Equal(["timeZone"], ErrorFields(Request(timeZone: zone)));
    }

    [Fact]
    public void Validate_BadDay_NamesItsIndex()
    {
        Assert.Equal(["sendWindow.days[1]"], ErrorFields(Request(sendWindow: WeekdayWindow with { Days = ["Mon", "Funday", "Fri"] })));
    }

    [Fact]
    public void Validate_DayListedTwice_NamesTheSecond()
    {
        var (rules, errors) = Validate(Request(sendWindow: WeekdayWindow with { Days = ["Mon", "Fri", "monday"] }));

        Assert.Null(rules);
        Assert.Equal("Mon is listed twice.", Assert.Single(errors["sendWindow.days[2]"]));
    }

    [Fact]
    public void Validate_NoDays_NamesDays()
    {
        Assert.Equal(["sendWindow.days"], ErrorFields(Request(sendWindow: WeekdayWindow with { Days = [] })));
    }

    [Theory]
    [InlineData("9am", "17:00", "sendWindow.start")]
    [InlineData(null, "17:00", "sendWindow.start")]
    [InlineData("09:00", "24:00", "sendWindow.end")]
    [InlineData("09:00", "17:00:00", "sendWindow.end")]
    [InlineData("09:00", "09:00", "sendWindow.end")]
    public void Validate_BadTime_NamesStartOrEnd(string? start, string? end, string field)
    {
        Assert.Equal([field], ErrorFields(Request(sendWindow: WeekdayWindow with { Start = start, End = end })));
    }

    [Fact]
    public void Validate_StartEqualsEnd_IsRefusedWithAReason()
    {
        var (_, errors) = Validate(Request(sendWindow: WeekdayWindow with { Start = "22:00", End = "22:00" }));

        Assert.StartsWith("The end must differ from the start", Assert.Single(errors["sendWindow.end"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WindowWrappingMidnight_IsAccepted()
    {
        var (rules, _) = Validate(Request(sendWindow: new(["Fri"], "22:00", "06:00")));

        Assert.Equal(Window("Fri", "22:00", "06:00"), rules?.Window);
    }

    [Theory]
    [InlineData("21:00")]
    [InlineData("21:00-21:00")]
    [InlineData("9pm-8am")]
    [InlineData("none")]
    public void Validate_BadQuietHours_NamesSmsQuietHours(string quietHours)
    {
        Assert.Equal(["smsQuietHours"], ErrorFields(Request(smsQuietHours: quietHours)));
    }

    [Fact]
    public void Validate_QuietHoursOff_IsRead()
    {
        Assert.Equal(QuietHours.Off, Validate(Request(smsQuietHours: "OFF")).Rules?.SmsQuietHours);
    }

    [Theory]
    [InlineData("2026-02-30", "holidays[0]")]
    [InlineData("25.12.2026", "holidays[0]")]
    [InlineData(null, "holidays[0]")]
    public void Validate_BadHoliday_NamesItsIndex(string? holiday, string field)
    {
        Assert.Equal([field], ErrorFields(Request(holidays: [holiday, "2026-12-25"])));
    }

    [Fact]
    public void Validate_TooManyHolidays_NamesHolidays()
    {
        var holidays = Enumerable.Range(0, SendRulesValidator.MaxHolidays + 1).Select(day => new LocalDate(2026, 1, 1).PlusDays(day).ToString("uuuu-MM-dd", null)).ToList();

        Assert.Equal(["holidays"], ErrorFields(Request(holidays: holidays)));
    }

    [Theory]
    [InlineData("PT6H1S")]
    [InlineData("-PT1M")]
    [InlineData("15 minutes")]
    [InlineData("P1D")]
    public void Validate_BadSpread_NamesSpread(string spread)
    {
        Assert.Equal(["spread"], ErrorFields(Request(spread: spread)));
    }

    [Theory]
    [InlineData("PT0S", 0)]
    [InlineData("PT6H", 360)]
    public void Validate_SpreadAtTheBounds_IsAccepted(string spread, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), Validate(Request(spread: spread)).Rules?.Spread);
    }

    [Fact]
    public void Validate_SeveralBadFields_NamesEach()
    {
        var request = Request("Nowhere", new(["Mon", "Xyz"], "25:00", "09:00"), "x", ["2026-13-01"], "PT7H");

        Assert.Equal(["holidays[0]", "sendWindow.days[1]", "sendWindow.start", "smsQuietHours", "spread", "timeZone"], ErrorFields(request));
    }

    [Theory]
    [InlineData("22:00", "23:00", null)]
    [InlineData("21:00", "08:00", null)]
    [InlineData("05:00", "07:59", null)]
    [InlineData("22:00", "23:00", "21:30-23:30")]
    public void Validate_WindowWhollyInQuietHoursWithAnSmsStep_IsRefused(string start, string end, string? quietHours)
    {
        var (rules, errors) = Validate(Request(sendWindow: WeekdayWindow with { Start = start, End = end }, smsQuietHours: quietHours, step: SmsStep));

        Assert.Null(rules);
        Assert.Contains("no text could ever be sent", Assert.Single(errors["smsQuietHours"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("22:00", "23:00", "off", true)]
    [InlineData("22:00", "23:00", "23:30-21:00", true)]
    [InlineData("07:00", "08:01", null, true)]
    [InlineData("22:00", "23:00", null, false)]
    public void Validate_WindowLeavingTimeForTexts_IsAccepted(string start, string end, string? quietHours, bool sms)
    {
        var (rules, errors) = Validate(Request(sendWindow: WeekdayWindow with { Start = start, End = end }, smsQuietHours: quietHours, step: sms ? SmsStep : EmailStep));

        Assert.Empty(errors);
        Assert.NotNull(rules);
    }
}
