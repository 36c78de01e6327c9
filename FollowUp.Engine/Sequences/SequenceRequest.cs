using FollowUp.Engine.Timing;

namespace FollowUp.Engine.Sequences;

/// <summary>The body of <c>PUT /api/sequences/{id}</c>; the timing fields (<c>timeZone</c> … <c>spread</c>), <c>notify</c> and <c>trackClicks</c> are optional.</summary>
public sealed record SequenceRequest(
    string? Name,
    IReadOnlyList<SequenceStepRequest?>? Steps,
    StopRulesRequest? StopOn,
    ReenrollPolicy? Reenroll = null,
    OnCompleteRequest? OnComplete = null,
    string? TimeZone = null,
    SendWindowRequest? SendWindow = null,
    string? SmsQuietHours = null,
    IReadOnlyList<string?>? Holidays = null,
    string? Spread = null,
    Notifications.NotifyRequest? Notify = null,
    bool? TrackClicks = null);

/// <summary>One step of a <see cref="SequenceRequest"/>; <c>after</c> is an ISO 8601 duration; <c>variants</c> are its A/B variants.</summary>
public sealed record SequenceStepRequest(string? Id, string? After, StepChannel? Channel, string? Subject, string? Text, string? Html, IReadOnlyList<StepVariantRequest?>? Variants = null);

/// <summary>The <c>stopOn</c> object of a <see cref="SequenceRequest"/>: a reply (default true) and the named events that halt an enrollment.</summary>
public sealed record StopRulesRequest(bool? Reply, IReadOnlyList<string?>? Events = null);
