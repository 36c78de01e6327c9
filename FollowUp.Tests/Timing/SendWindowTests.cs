using NodaTime;
using static FollowUp.Tests.Timing.Timings;

namespace FollowUp.Tests.Timing;

public sealed class SendWindowTests
{
    [Theory]
    [InlineData(2026, 11, 27, 22, 0, true)]
    [InlineData(2026, 11, 28, 5, 59, true)]
    [InlineData(2026, 11, 28, 6, 0, false)]
    [InlineData(2026, 11, 28, 22, 0, false)]
    [InlineData(2026, 11, 27, 5, 0, false)]
    public void Contains_WrappingWindow_AfterMidnightPartBelongsToTheDayBefore(int year, int month, int day, int hour, int minute, bool inside)
    {
        Assert.Equal(inside, Window("Fri", "22:00", "06:00").Contains(new LocalDateTime(year, month, day, hour, minute)));
    }

    [Theory]
    [InlineData("Mon,Tue,Wed,Thu,Fri", "09:00", "17:00", "Mon–Fri 09:00–17:00")]
    [InlineData("Fri", "22:00", "06:00", "Fri 22:00–06:00")]
    [InlineData("Mon,Wed,Sat", "08:30", "12:00", "Mon, Wed, Sat 08:30–12:00")]
    public void ToString_ReadsAsPeopleWriteIt(string days, string start, string end, string text)
    {
        Assert.Equal(text, Window(days, start, end).ToString());
    }

    [Fact]
    public void Equals_SameDaysAndTimes_AreEqual()
    {
        Assert.Equal(Window("Mon,Fri", "09:00", "17:00"), Window("Mon,Fri", "09:00", "17:00"));
        Assert.NotEqual(Window("Mon,Fri", "09:00", "17:00"), Window("Mon,Thu", "09:00", "17:00"));
    }
}
