using FollowUp.Engine.Timing;

namespace FollowUp.Engine.Sequences;

/// <summary>One immutable version of a follow-up sequence.</summary>
/// <param name="Id">The sequence id from the route.</param>
/// <param name="Version">1 for the first definition, one more for each change.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Steps">The steps in sending order.</param>
/// <param name="StopOn">What halts an enrollment.</param>
/// <param name="CreatedUtc">When this version was saved.</param>
/// <param name="Reenroll">Whether a contact enrolled before may be enrolled again.</param>
/// <param name="OnCompleteEnroll">The sequence a contact is enrolled into when an enrollment completes, or null.</param>
/// <param name="Timing">When steps may be sent (time zone, send window, SMS quiet hours, holidays, spread); null for the settings' defaults.</param>
public sealed record Sequence(
    string Id,
    int Version,
    string Name,
    IReadOnlyList<SequenceStep> Steps,
    StopRules StopOn,
    DateTimeOffset CreatedUtc,
    ReenrollPolicy Reenroll = ReenrollPolicy.AfterCompletion,
    string? OnCompleteEnroll = null,
    SendRules? Timing = null)
{
    /// <summary>When steps may be sent: time zone, send window, SMS quiet hours, holidays, spread.</summary>
    public SendRules Timing { get; init; } = Timing ?? SendRules.Default;

    /// <summary>The addresses that hear of this sequence's replies and conversions, in place of <c>FollowUp:Notify:Email</c>; null for that setting.</summary>
    public IReadOnlyList<string>? NotifyEmail { get; init; }

    /// <summary>Whether the http(s) links of this sequence's emails are rewritten to signed redirects that record clicks.</summary>
    public bool TrackClicks { get; init; }

    /// <summary>Whether the definitions are the same apart from version and save time.</summary>
    public bool SameDefinitionAs(Sequence other) =>
        Name == other.Name && StopOn == other.StopOn && Timing == other.Timing && Steps.SequenceEqual(other.Steps)
        && Reenroll == other.Reenroll && OnCompleteEnroll == other.OnCompleteEnroll && TrackClicks == other.TrackClicks
        && (NotifyEmail ?? []).SequenceEqual(other.NotifyEmail ?? [], StringComparer.Ordinal) && (NotifyEmail is null) == (other.NotifyEmail is null);
}
