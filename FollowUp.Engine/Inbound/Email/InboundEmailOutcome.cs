using System.Text.Json.Serialization;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>The answer to an inbound email: the enrollment it matched, what was done, the enrollments halted, and why nothing was done when nothing was.</summary>
/// <param name="Matched">The enrollment the email was matched to, or null.</param>
/// <param name="Action"><c>replied</c>, <c>autoReply</c>, <c>bounce</c>, <c>bounceIgnored</c> or <c>unmatched</c>.</param>
/// <param name="Halted">The ids of the enrollments halted by a reply.</param>
/// <param name="Reason">Why a bounce was ignored or an email left unmatched, when it is not simply that nothing matched; it names no address.</param>
public sealed record InboundEmailOutcome(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Matched,
    string Action,
    IReadOnlyList<string> Halted,
    string? Reason = null)
{
    /// <summary>The answer to an email that matched nothing and changed nothing.</summary>
    public static readonly InboundEmailOutcome Unmatched = new(null, "unmatched", []);
}
