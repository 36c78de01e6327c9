using System.Xml;
using FollowUp.Engine.Timing;
using NodaTime.Text;

namespace FollowUp.Engine.Sequences;

/// <summary>The JSON form of a sequence version: what <c>GET /api/sequences/{id}</c> answers and what the Sequences table stores.</summary>
public sealed record SequenceDocument(
    string Id,
    int Version,
    string Name,
    IReadOnlyList<SequenceStepDocument> Steps,
    StopRulesRequest StopOn,
    DateTimeOffset CreatedUtc,
    ReenrollPolicy? Reenroll = null,
    OnCompleteRequest? OnComplete = null,
    string? TimeZone = null,
    SendWindowRequest? SendWindow = null,
    string? SmsQuietHours = null,
    IReadOnlyList<string>? Holidays = null,
    string? Spread = null,
    Notifications.NotifyRequest? Notify = null,
    bool? TrackClicks = null)
{
    /// <summary>The document of a sequence.</summary>
    public static SequenceDocument From(Sequence sequence) => new(
        sequence.Id,
        sequence.Version,
        sequence.Name,
        [.. sequence.Steps.Select(s => new SequenceStepDocument(s.Id, XmlConvert.ToString(s.After), s.Channel, s.Subject, s.Text, s.Html, s.Variants.Count == 0 ? null : [.. s.Variants.Select(StepVariantRequest.From)]))],
        new StopRulesRequest(sequence.StopOn.Reply, sequence.StopOn.Events.Count == 0 ? null : [.. sequence.StopOn.Events]),
        sequence.CreatedUtc,
        sequence.Reenroll,
        sequence.OnCompleteEnroll is { } target ? new OnCompleteRequest(target) : null,
        sequence.Timing.TimeZone,
        sequence.Timing.Window is { } window ? SendWindowRequest.From(window) : null,
        sequence.Timing.SmsQuietHours?.ToString(),
        sequence.Timing.Holidays.Count == 0 ? null : [.. sequence.Timing.Holidays.Select(d => LocalDatePattern.Iso.Format(d))],
        sequence.Timing.Spread is { } spread ? XmlConvert.ToString(spread) : null,
        sequence.NotifyEmail is { } notify ? Notifications.NotifyRequest.Of(notify) : null,
        sequence.TrackClicks ? true : null);

    /// <summary>The body of <c>PUT /api/sequences/{id}</c> that saves this definition again.</summary>
    public SequenceRequest ToRequest() => new(
        Name,
        [.. Steps.Select(s => new SequenceStepRequest(s.Id, s.After, s.Channel, s.Subject, s.Text, s.Html, s.Variants))],
        new StopRulesRequest(StopOn.Reply, StopOn.Events),
        Reenroll,
        OnComplete,
        TimeZone,
        SendWindow,
        SmsQuietHours,
        Holidays,
        Spread,
        Notify,
        TrackClicks);

    /// <summary>The sequence this document describes.</summary>
    public Sequence ToSequence() => new(
        Id,
        Version,
        Name,
        [.. Steps.Select(s => new SequenceStep(s.Id, XmlConvert.ToTimeSpan(s.After), s.Channel, s.Subject, s.Text, s.Html) { Variants = [.. (s.Variants ?? []).Select(v => v.ToVariant())] })],
        new StopRules(StopOn.Reply ?? true, [.. (StopOn.Events ?? []).OfType<string>()]),
        CreatedUtc,
        Reenroll ?? ReenrollPolicy.AfterCompletion,
        OnComplete?.Enroll,
        new SendRules(
            TimeZone,
            SendWindow?.ToWindow(),
            QuietHours.Parse(SmsQuietHours),
            [.. (Holidays ?? []).Select(d => LocalDatePattern.Iso.Parse(d).Value)],
            Spread is null ? null : XmlConvert.ToTimeSpan(Spread)))
    {
        NotifyEmail = Notify?.Read().Addresses,
        TrackClicks = TrackClicks ?? false,
    };
}

/// <summary>One step of a <see cref="SequenceDocument"/>, with <c>after</c> as an ISO 8601 duration, and its variants if it has any.</summary>
public sealed record SequenceStepDocument(string Id, string After, StepChannel Channel, string? Subject, string? Text, string? Html, IReadOnlyList<StepVariantRequest>? Variants = null);
