using FollowUp.Engine.Inbound.Sms;

namespace FollowUp.Tests.Inbound.Sms;

/// <summary>How a text message's body is read: Twilio's default keywords, alone and in any case.</summary>
public sealed class SmsKeywordsTests
{
    [Theory]
    [InlineData("STOP", SmsKeyword.OptOut)]
    [InlineData("STOPALL", SmsKeyword.OptOut)]
    [InlineData("UNSUBSCRIBE", SmsKeyword.OptOut)]
    [InlineData("CANCEL", SmsKeyword.OptOut)]
    [InlineData("END", SmsKeyword.OptOut)]
    [InlineData("QUIT", SmsKeyword.OptOut)]
    [InlineData("REVOKE", SmsKeyword.OptOut)]
    [InlineData("OPTOUT", SmsKeyword.OptOut)]
    [InlineData("START", SmsKeyword.OptIn)]
    [InlineData("YES", SmsKeyword.OptIn)]
    [InlineData("UNSTOP", SmsKeyword.OptIn)]
    [InlineData("HELP", SmsKeyword.Help)]
    [InlineData("INFO", SmsKeyword.Help)]
    public void Read_Keyword_IsItsKind(string body, SmsKeyword expected)
    {
        Assert.Equal(expected, SmsKeywords.Read(body));
        Assert.Equal(expected, SmsKeywords.Read(body.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("stop", SmsKeyword.OptOut)]
    [InlineData("Stop", SmsKeyword.OptOut)]
    [InlineData("  sToP  ", SmsKeyword.OptOut)]
    [InlineData("\tUnsubscribe\r\n", SmsKeyword.OptOut)]
    [InlineData(" start\n", SmsKeyword.OptIn)]
    [InlineData("Help ", SmsKeyword.Help)]
    [InlineData("Stop.", SmsKeyword.OptOut)]
    [InlineData("STOP!! ", SmsKeyword.OptOut)]
    [InlineData("help?", SmsKeyword.Help)]
    public void Read_KeywordInAnyCaseWithWhitespace_IsItsKind(string body, SmsKeyword expected) =>
        Assert.Equal(expected, SmsKeywords.Read(body));

    [Theory]
    [InlineData("stop please")]
    [InlineData("please cancel")]
    [InlineData("STOP STOP")]
    [InlineData("STOP, thanks")]
    [InlineData("S.T.O.P")]
    [InlineData("...")]
    [InlineData("yes please, call me")]
    [InlineData("help me choose a size")]
    [InlineData("Thanks, see you Tuesday")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Read_AnythingButOneKeyword_IsAReply(string? body) =>
        Assert.Equal(SmsKeyword.Reply, SmsKeywords.Read(body));
}
