using System.Text.RegularExpressions;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>Tells automatic replies (out-of-office notes, auto-responders) from people's replies.</summary>
/// <remarks>
/// Headers first: <c>Auto-Submitted</c> other than <c>no</c> (RFC 3834), <c>X-Autoreply</c>, <c>X-Autorespond</c>, and
/// <c>Precedence</c> <c>auto_reply</c>, <c>bulk</c> or <c>junk</c> (which RFC 3834 says responders must not answer, and
/// which no person's reply carries). Then the subject prefixes that common mail systems give their automatic replies in
/// several languages, since some (older Exchange, Lotus Notes) set no header.
/// </remarks>
public static partial class AutoReplyDetector
{
    private static readonly string[] AutomaticPrecedences = ["auto_reply", "bulk", "junk"];

    /// <summary>Why <paramref name="email"/> is an automatic reply, or null when it is a person's.</summary>
    public static string? Reason(InboundEmail email)
    {
        if (email.Headers["Auto-Submitted"] is { } autoSubmitted && !string.Equals(autoSubmitted.Split(';')[0].Trim(), "no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {autoSubmitted.Trim()}";
        }

        foreach (var header in new[] { "X-Autoreply", "X-Autorespond" })
        {
            if (email.Headers[header] is not null)
            {
                return header;
            }
        }

        if (email.Headers["Precedence"] is { } precedence && AutomaticPrecedences.Contains(precedence.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return $"Precedence: {precedence.Trim()}";
        }

        return AutomaticSubject().IsMatch(email.Subject) ? "automatic reply subject" : null;
    }

    [GeneratedRegex(
        @"^\W*(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|auto(matic)? response|auto:|autoresponse|abwesenheitsnotiz|automatische antwort|réponse automatique|absence du bureau|respuesta automática|fuera de la oficina|risposta automatica|fuori sede|resposta automática|automatisch antwoord|afwezigheidsbericht|autosvar|automaattinen vastaus|automatyczna odpowiedź)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AutomaticSubject();
}
