using FollowUp.Engine.Timing;
using NodaTime;

namespace FollowUp.Tests.Timing;

public sealed class DayNamesTests
{
    [Theory]
    [InlineData("Mon,Tue,Wed,Thu,Fri", "Mon–Fri")]
    [InlineData("Mon,Wed,Fri", "Mon, Wed, Fri")]
    [InlineData("Mon,Tue,Wed,Sat,Sun", "Mon–Wed, Sat, Sun")]
    [InlineData("Sun,Sat,Fri,Thu,Wed,Tue,Mon", "Mon–Sun")]
    [InlineData("Tue,Mon,Tue", "Mon, Tue")]
    [InlineData("Thu,Fri,Sat,Mon", "Mon, Thu–Sat")]
    [InlineData("Sun", "Sun")]
    public void Describe_Days_RunsOfThreeOrMoreAreRanges(string days, string described)
    {
        Assert.Equal(described, DayNames.Describe(days.Split(',').Select(day => DayNames.Parse(day)!.Value)));
    }

    [Theory]
    [InlineData("Mon", IsoDayOfWeek.Monday)]
    [InlineData("monday", IsoDayOfWeek.Monday)]
    [InlineData(" SUN ", IsoDayOfWeek.Sunday)]
    [InlineData("Saturday", IsoDayOfWeek.Saturday)]
    public void Parse_ShortOrFullNameInAnyCase_IsTheDay(string text, IsoDayOfWeek day)
    {
        Assert.Equal(day, DayNames.Parse(text));
    }

    [Theory]
    [InlineData("Mo")]
    [InlineData("Funday")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_NotADay_IsNull(string? text)
    {
        Assert.Null(DayNames.Parse(text));
    }
}
