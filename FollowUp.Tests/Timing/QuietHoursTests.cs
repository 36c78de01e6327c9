using FollowUp.Engine.Timing;
using NodaTime;

namespace FollowUp.Tests.Timing;

public sealed class QuietHoursTests
{
    [Theory]
    [InlineData("21:00-08:00", 21, 8)]
    [InlineData(" 22:30 - 07:15 ", 22, 7)]
    [InlineData("01:00-05:00", 1, 5)]
    public void Parse_TwoTimes_AreStartAndEnd(string text, int startHour, int endHour)
    {
        var quietHours = QuietHours.Parse(text);

        Assert.Equal(startHour, quietHours?.Start.Hour);
        Assert.Equal(endHour, quietHours?.End.Hour);
    }

    [Theory]
    [InlineData("off")]
    [InlineData(" OFF ")]
    public void Parse_Off_IsOff(string text)
    {
        Assert.Same(QuietHours.Off, QuietHours.Parse(text));
    }

    [Theory]
    [InlineData("21:00-21:00")]
    [InlineData("21:00")]
    [InlineData("21-08")]
    [InlineData("21:00-08:00-09:00")]
    [InlineData("24:00-08:00")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_NotTwoDifferentTimes_IsNull(string? text)
    {
        Assert.Null(QuietHours.Parse(text));
    }

    [Theory]
    [InlineData("21:00-08:00", "20:59", false)]
    [InlineData("21:00-08:00", "21:00", true)]
    [InlineData("21:00-08:00", "00:00", true)]
    [InlineData("21:00-08:00", "07:59", true)]
    [InlineData("21:00-08:00", "08:00", false)]
    [InlineData("01:00-05:00", "00:59", false)]
    [InlineData("01:00-05:00", "01:00", true)]
    [InlineData("01:00-05:00", "05:00", false)]
    [InlineData("off", "03:00", false)]
    public void Contains_TimeOfDay_StartInclusiveEndExclusive(string quietHours, string time, bool quiet)
    {
        Assert.Equal(quiet, QuietHours.Parse(quietHours)!.Contains(TimeText.Parse(time)!.Value));
    }

    [Theory]
    [InlineData("21:00-08:00")]
    [InlineData("off")]
    public void ToString_RoundTripsThroughParse(string text)
    {
        Assert.Equal(text, QuietHours.Parse(text)!.ToString());
    }

    [Fact]
    public void Off_IsMidnightToMidnight()
    {
        Assert.Equal(new QuietHours(LocalTime.Midnight, LocalTime.Midnight), QuietHours.Off);
    }
}
