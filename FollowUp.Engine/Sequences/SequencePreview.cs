using System.Text.Json;
using FollowUp.Engine.Clicks;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Timing;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sequences;

/// <summary><c>POST /api/sequences/{id}/preview</c>: what an enrollment of a hypothetical contact would send, when and why, without storing anything.</summary>
public sealed class SequencePreview(SequenceStore sequences, SendPlanner planner, MessageComposer composer, ClickLinks clickLinks, TimeProvider time)
{
    /// <summary>The enrollment id the preview renders with; reply addresses and spread are computed for it, not for a real enrollment.</summary>
    public const string PreviewEnrollmentId = "000000000000-0000000000";

    /// <summary>How far from now a preview's <c>enrolledAt</c> may be.</summary>
    private static readonly TimeSpan MaxDistance = TimeSpan.FromDays(3650);

    /// <summary>Plans and renders every step of the latest version for the contact and data in the body.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (SequenceEndpoints.CheckId(id) is { } badId)
        {
            return badId;
        }

        var (body, problem) = await JsonBody.ReadAsync<PreviewRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        Check(body!, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var sequence = await sequences.GetLatestAsync(id, cancellationToken);
        if (sequence is null)
        {
            return Problems.NotFound($"There is no sequence '{id}'.");
        }

        return FollowUpJson.Result(await PreviewAsync(sequence, body!, cancellationToken));
    }

    /// <summary>Checks a preview's body: the contact as enrollments take it, data as an object, <c>enrolledAt</c> near now and a well-formed enrollment id; each invalid field goes in <paramref name="errors"/>.</summary>
    public void Check(PreviewRequest body, ValidationErrors errors)
    {
        ContactValidator.Validate(body.Contact, "contact", errors);
        if (body.Data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            errors.Add("data", "Data must be a JSON object.");
        }

        var now = time.GetUtcNow();
        if (body.EnrolledAt is { } at && (at < now - MaxDistance || at > now + MaxDistance))
        {
            errors.Add("enrolledAt", $"Use a time within {MaxDistance.TotalDays / 365:0} years of now.");
        }

        if (body.EnrollmentId is { } previewed && !EnrollmentId.TryGetContactId(previewed, out _))
        {
            errors.Add("enrollmentId", "An enrollment id, as POST /api/enrollments answered it; the preview then shows the variants and spread that id gets.");
        }
    }

    /// <summary>Plans and renders every step of <paramref name="sequence"/> (stored or not) for the contact and data of a body that passed <see cref="Check"/>, storing nothing.</summary>
    /// <exception cref="ArgumentException">The body's contact is not valid.</exception>
    public async Task<PreviewAnswer> PreviewAsync(Sequence sequence, PreviewRequest body, CancellationToken cancellationToken)
    {
        var contactRequest = ContactValidator.Validate(body.Contact, "contact", new ValidationErrors())
            ?? throw new ArgumentException("Check the body first: its contact is not valid.", nameof(body));
        var contact = new Contact(PreviewEnrollmentId[..12], contactRequest.Email, contactRequest.Phone, contactRequest.FirstName, contactRequest.LastName, contactRequest.TimeZone);
        var data = body.Data is { ValueKind: JsonValueKind.Object } given ? given : JsonElement.Parse("{}");
        var enrolledAt = body.EnrolledAt ?? time.GetUtcNow();
        var enrollmentId = body.EnrollmentId ?? PreviewEnrollmentId;
        var schedule = planner.For(sequence, contact.TimeZone, enrollmentId);
        var enrollment = Enrollment.Start(enrollmentId, contact, sequence, data, enrolledAt, schedule);
        var steps = new List<PreviewStep>(sequence.Steps.Count);
        for (var i = 0; i < sequence.Steps.Count; i++)
        {
            var planned = enrollment.Steps[i];
            var plan = schedule.ForStep(planned.Id).Explain(planned.DueUtc, planned.SendUtc, planned.Channel);
            var definition = sequence.Steps[i];
            var prepared = await composer.ComposeAsync(StepVariants.For(enrollmentId, definition), contact, data, PreviewEnrollmentId, trackClicks: false, cancellationToken);
            var variants = new List<PreviewVariant>(definition.Variants.Count);
            foreach (var variant in definition.Variants)
            {
                var rendered = await composer.ComposeAsync(definition.AsVariant(variant.Id), contact, data, PreviewEnrollmentId, trackClicks: false, cancellationToken);
                variants.Add(new PreviewVariant(
                    variant.Id,
                    variant.Weight,
                    variant.Id == planned.Variant,
                    variant.Window?.ToString(),
                    rendered.Email?.Subject,
                    rendered.Email?.Text ?? rendered.Sms?.Text,
                    rendered.Email?.Html,
                    rendered.SkipReason,
                    rendered.FailReason));
            }

            steps.Add(new PreviewStep(
                planned.Id,
                planned.Channel,
                plan,
                prepared.Email?.To ?? prepared.Sms?.To,
                prepared.Email?.Subject,
                prepared.Email?.Text ?? prepared.Sms?.Text,
                prepared.Email?.Html,
                prepared.SkipReason,
                prepared.FailReason,
                sequence.TrackClicks && prepared.Email is { } email ? clickLinks.CountTracked(email.Html, email.Text) : null,
                planned.Variant,
                variants.Count == 0 ? null : variants));
        }

        return new PreviewAnswer(sequence.Id, sequence.Version, schedule.TimeZone, schedule.TimeZoneFrom, enrolledAt, steps);
    }
}

/// <summary>The body of a preview: a contact as enrollments take it, the data, when it enrolls (now by default), and the enrollment id whose variants and spread to show (a fixed preview id by default).</summary>
public sealed record PreviewRequest(ContactRequest? Contact, JsonElement? Data, DateTimeOffset? EnrolledAt, string? EnrollmentId = null);

/// <summary>The answer of a preview.</summary>
public sealed record PreviewAnswer(string SequenceId, int Version, string TimeZone, string TimeZoneFrom, DateTimeOffset EnrolledAt, IReadOnlyList<PreviewStep> Steps);

/// <summary>One step of a preview: when it would be sent and why, and what it would say (as <see cref="Variant"/>, the variant the enrollment gets, if the step has <see cref="Variants"/>); <see cref="Skip"/> says why it would not be sent, <see cref="Failure"/> why it would fail (a template fails for this contact and data).</summary>
/// <remarks>Links are shown with their original addresses; <see cref="TrackedLinks"/> (for an email of a sequence that tracks clicks) says how many of them go out as tracked redirects.</remarks>
public sealed record PreviewStep(string Id, StepChannel Channel, SendPlan Schedule, string? To, string? Subject, string? Text, string? Html, string? Skip, string? Failure, int? TrackedLinks = null, string? Variant = null, IReadOnlyList<PreviewVariant>? Variants = null);

/// <summary>One variant of a previewed step, rendered for the contact; <see cref="Chosen"/> marks the one the enrollment gets.</summary>
public sealed record PreviewVariant(string Id, int Weight, bool Chosen, string? SendWindow, string? Subject, string? Text, string? Html, string? Skip, string? Failure);
