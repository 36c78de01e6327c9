using FollowUp.Engine;

namespace FollowUp.Tests.Timing;

/// <summary>The timing settings are checked on start, each failure naming its setting.</summary>
public sealed class TimingOptionsValidatorTests
{
    private static IEnumerable<string> Failures(Action<FollowUpOptions> change)
    {
        var options = new FollowUpOptions();
        change(options);
        return new FollowUpOptionsValidator().Validate(null, options).Failures ?? [];
    }

    [Fact]
    public void Validate_TimingSettingsSet_Succeed()
    {
        Assert.Empty(Failures(o =>
        {
            o.DefaultTimeZone = "Pacific/Auckland";
            o.Holidays = "2026-12-25, 2027-01-01";
            o.Spread = TimeSpan.FromHours(6);
            o.Sms.QuietHours = "off";
        }));
    }

    [Theory]
    [InlineData("Central Standard Time")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    public void Validate_UnknownDefaultTimeZone_NamesIt(string zone)
    {
        Assert.Equal(["FollowUp:DefaultTimeZone must be an IANA time zone id, such as America/Chicago."], Failures(o => o.DefaultTimeZone = zone));
    }

    [Theory]
    [InlineData("2026-12-25;2027-01-01")]
    [InlineData("Christmas")]
    [InlineData("2026-12-32")]
    public void Validate_BadHolidays_NamesThem(string holidays)
    {
        var failure = Assert.Single(Failures(o => o.Holidays = holidays));

        Assert.StartsWith("FollowUp:Holidays must be ISO dates", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(361)]
    public void Validate_SpreadOutOfRange_NamesIt(int minutes)
    {
        Assert.Equal(["FollowUp:Spread must be between 00:00:00 and 06:00:00."], Failures(o => o.Spread = TimeSpan.FromMinutes(minutes)));
    }

    [Theory]
    [InlineData("21:00")]
    [InlineData("08:00-08:00")]
    [InlineData("")]
    public void Validate_BadQuietHours_NamesThem(string quietHours)
    {
        var failure = Assert.Single(Failures(o => o.Sms.QuietHours = quietHours));

        Assert.StartsWith("FollowUp:Sms:QuietHours must be HH:mm-HH:mm", failure, StringComparison.Ordinal);
    }
}
