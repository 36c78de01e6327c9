namespace FollowUp.Engine.Inbound.Sms;

/// <summary>Reads the keyword of an inbound text message the way Twilio's default opt-out handling does.</summary>
/// <remarks>
/// Twilio acts only on a message that is one keyword alone, whatever its case: "STOP PLEASE" or "please cancel" does not
/// block the number. Reading them the same way keeps this app's opt-outs in step with Twilio's own block list, so a
/// message of several words is a reply even when it begins with a keyword. Trailing full stops, exclamation and question
/// marks are ignored, since "Stop." says no as clearly as "STOP"; if Twilio does not block such a number, this app still
/// sends it nothing.
/// </remarks>
public static class SmsKeywords
{
    private static readonly Dictionary<string, SmsKeyword> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["STOP"] = SmsKeyword.OptOut,
        ["STOPALL"] = SmsKeyword.OptOut,
        ["UNSUBSCRIBE"] = SmsKeyword.OptOut,
        ["CANCEL"] = SmsKeyword.OptOut,
        ["END"] = SmsKeyword.OptOut,
        ["QUIT"] = SmsKeyword.OptOut,
        ["REVOKE"] = SmsKeyword.OptOut,
        ["OPTOUT"] = SmsKeyword.OptOut,
        ["START"] = SmsKeyword.OptIn,
        ["YES"] = SmsKeyword.OptIn,
        ["UNSTOP"] = SmsKeyword.OptIn,
        ["HELP"] = SmsKeyword.Help,
        ["INFO"] = SmsKeyword.Help,
    };

    /// <summary>The keyword that <paramref name="body"/> is, once trimmed; <see cref="SmsKeyword.Reply"/> for anything else.</summary>
    public static SmsKeyword Read(string? body) =>
        body is not null && Keywords.TryGetValue(Word(body), out var keyword) ? keyword : SmsKeyword.Reply;

    /// <summary>The body without surrounding whitespace or trailing <c>.</c>, <c>!</c> and <c>?</c>, upper-cased: the keyword as it is recorded.</summary>
    public static string Word(string body) => body.Trim().TrimEnd('.', '!', '?').TrimEnd().ToUpperInvariant();
}
