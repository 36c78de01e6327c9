using System.Text.Json.Serialization;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>The answer to an inbound email: the enrollment it matched, what was done, and the enrollments halted.</summary>
/// <param name="Matched">The enrollment the email was matched to, or null.</param>
/// <param name="Action"><c>replied</c>, <c>autoReply</c>, <c>bounce</c> or <c>unmatched</c>.</param>
/// <param name="Halted">The ids of the enrollments halted by a reply.</param>
public sealed record InboundEmailOutcome(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Matched,
    string Action,
    IReadOnlyList<string> Halted)
{
    /// <summary>The answer to an email that matched nothing and changed nothing.</summary>
    public static readonly InboundEmailOutcome Unmatched = new(null, "unmatched", []);
}
