using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Events;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sources.Confirmations;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Sources;

/// <summary>Does what a source maps an accepted delivery to: raises its event, then enrolls its contact.</summary>
/// <remarks>
/// The event goes first, so that an order that also enrolls into a thank-you sequence first halts the abandoned-cart one.
/// A contact already active in the sequence, or enrolled before in one that never re-enrolls, is no error for a sender
/// (it would only retry): the outcome names the earlier enrollment. With an enrollment key, a later delivery updates the
/// data of the enrollment the key made.
/// </remarks>
public sealed class SourceActionRunner(
    EnrollmentService enrollmentService,
    EnrollmentStore enrollments,
    EventService events,
    KeyedEnrollments keyed,
    SmsCountries smsCountries,
    ConfirmationRequests confirmations,
    ILogger<SourceActionRunner> logger)
{
    /// <summary>Validates the delivery's contact and data (a phone outside the SMS countries stops a form's enrollment or confirmation text, and is dropped from a signed sender's contact that has an email), then acts, or for a form that asks for it holds the delivery until its contact confirms; returns the outcome, or why it stopped before anything was stored.</summary>
    public Task<SourceActionResult> RunAsync(Source source, ReceivedDelivery.Accepted delivery, CancellationToken cancellationToken) =>
        RunAsync(source, delivery, confirmed: false, cancellationToken);

    /// <summary>Acts on a form submission its contact has confirmed, validating it again, as <see cref="RunAsync(Source, ReceivedDelivery.Accepted, CancellationToken)"/> would without asking for confirmation.</summary>
    public Task<SourceActionResult> RunConfirmedAsync(Source source, ReceivedDelivery.Accepted delivery, CancellationToken cancellationToken) =>
        RunAsync(source, delivery, confirmed: true, cancellationToken);

    private async Task<SourceActionResult> RunAsync(Source source, ReceivedDelivery.Accepted delivery, bool confirmed, CancellationToken cancellationToken)
    {
        if (!source.On.TryGetValue(delivery.Trigger, out var action))
        {
            logger.LogInformation("Source {SourceId} maps nothing to {Trigger}; ignored", source.Id, delivery.Trigger);
            return new SourceActionResult.Acted(DeliveryOutcome.Nothing);
        }

        var errors = new ValidationErrors();
        var contact = ContactValidator.Validate(delivery.Contact, "contact", errors);
        if (source.Form is null && contact is { Phone: { } phone, Email: not null } && !smsCountries.Allows(phone))
        {
            // A signed sender (a shop, a CRM) would retry a refusal until it gives up on the hook; the email still reaches the contact.
            logger.LogInformation("Source {SourceId}: the contact's phone is outside the SMS countries; enrolled by email only", source.Id);
            contact = contact with { Phone = null };
        }

        var confirming = !confirmed && source.Form is { } form && contact is not null && ConfirmationRequests.IsRequired(form, contact);
        if (action.Enroll is not null || confirming)
        {
            smsCountries.Check(contact, "contact", errors);
        }

        if (delivery.Data.ValueKind != JsonValueKind.Object)
        {
            errors.Add("data", "Data must be a JSON object.");
        }

        if (!errors.IsEmpty)
        {
            return new SourceActionResult.Invalid(errors);
        }

        if (confirming)
        {
            return await confirmations.RequestAsync(source, contact!, delivery.Data, cancellationToken);
        }

        var halted = action.Event is null ? [] : await events.RaiseAsync(action.Event, contact!.Email, contact.Phone, cancellationToken);
        if (action.Enroll is null)
        {
            return new SourceActionResult.Acted(new DeliveryOutcome(false, false, null, halted));
        }

        var (enrollmentId, refusal) = await EnrollAsync(source, action.Enroll, contact!, delivery, cancellationToken);
        return refusal is null ? new SourceActionResult.Acted(new DeliveryOutcome(false, false, enrollmentId, halted)) : new SourceActionResult.NotEnrolled(refusal);
    }

    /// <summary>Enrolls the contact, or updates the enrollment its key made; returns the enrollment, or why there is none.</summary>
    private async Task<(string? EnrollmentId, EnrollmentResult? Refusal)> EnrollAsync(
        Source source, string sequenceId, ContactRequest contact, ReceivedDelivery.Accepted delivery, CancellationToken cancellationToken)
    {
        if (delivery.EnrollmentKey is { } key && await keyed.FindAsync(source.Id, sequenceId, key, cancellationToken) is { } earlier)
        {
            var updated = await enrollments.UpdateAsync(earlier, e => e.ReplaceData(delivery.Data), cancellationToken);
            logger.LogInformation("Source {SourceId}: {EnrollmentId} already exists for its key; data {Change}",
                source.Id, earlier, updated is { Changed: true } ? "updated" : "unchanged");
            return (earlier, null);
        }

        string enrollmentId;
        switch (await enrollmentService.EnrollAsync(new EnrollmentRequest(sequenceId, contact, delivery.Data), cancellationToken))
        {
            case EnrollmentResult.Created created:
                enrollmentId = created.Enrollment.EnrollmentId;
                break;
            case EnrollmentResult.AlreadyEnrolled enrolled:
                // Active in the sequence, or enrolled before in one that never re-enrolls: either way already enrolled.
                enrollmentId = enrolled.EnrollmentId;
                logger.LogInformation("Source {SourceId}: the contact is already enrolled in {SequenceId} as {EnrollmentId}", source.Id, sequenceId, enrollmentId);
                break;
            case var refused:
                return (null, refused);
        }

        if (delivery.EnrollmentKey is { } newKey)
        {
            await keyed.RecordAsync(source.Id, sequenceId, newKey, enrollmentId, cancellationToken);
        }

        return (enrollmentId, null);
    }
}
