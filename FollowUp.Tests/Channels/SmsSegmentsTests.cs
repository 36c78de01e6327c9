using FollowUp.Engine.Channels;

namespace FollowUp.Tests.Channels;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Count_Gsm7Text_Uses160ThenParts0f153(int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(new string('a', length)));

    [Theory]
    [InlineData(80, 1)]
    [InlineData(81, 2)]
    public void Count_ExtensionCharacters_TakeTwoSeptets(int euros, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(new string('€', euros)));

    [Fact]
    public void Count_EscapePairAtPartBoundary_IsNotSplit()
    {
        // 152 septets then a two-septet '{' does not fit the first 153-septet part, so it opens the second.
        var text = new string('a', 152) + "{" + new string('a', 152);

        Assert.Equal(3, SmsSegments.Count(text));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Count_NonGsmText_IsUcs2With70ThenPartsOf67(int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Count("ł" + new string('a', length - 1)));

    [Fact]
    public void Count_EmojiAtPartBoundary_KeepsSurrogatePairWhole()
    {
        // 66 units then a 2-unit emoji does not fit a 67-unit part.
        var text = new string('a', 66) + "😀" + new string('a', 10);

        Assert.Equal(2, SmsSegments.Count(text));
    }
}
