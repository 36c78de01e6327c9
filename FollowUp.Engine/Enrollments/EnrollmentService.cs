using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Enrollments;

/// <summary>Enrolls contacts into sequences, as their reenroll policy allows, and schedules their first step.</summary>
public sealed class EnrollmentService(
    SequenceStore sequences,
    ContactStore contacts,
    SmsCountries smsCountries,
    EnrollmentStore enrollments,
    EnrollmentsByStatus byStatus,
    EnrollmentHalter halter,
    DueIndex dueIndex,
    StepScheduler scheduler,
    StepFigures figures,
    SendPlanner planner,
    ContactEraser eraser,
    TimeProvider time,
    ILogger<EnrollmentService> logger)
{
    /// <summary>Validates and performs an enrollment; returns what was created, or why nothing was.</summary>
    /// <remarks>
    /// Everything is validated before anything is written, and an existing contact is updated only once the enrollment is
    /// stored, so a refused request changes nothing. The first step's due-index row is written before the enrollment,
    /// so a crash between the two leaves a row whose enrollment does not exist (the dispatcher retries its message and then
    /// moves it to the poison queue) rather than an enrollment that is never scheduled; on a conflict the row is removed again.
    /// </remarks>
    public Task<EnrollmentResult> EnrollAsync(EnrollmentRequest request, CancellationToken cancellationToken) =>
        EnrollAsync(request, (contactId, _) => Task.FromResult(EnrollmentId.Create(contactId)), cancellationToken);

    /// <summary>Validates and performs an enrollment under the id <paramref name="chooseId"/> gives once the request is valid and its contact known.</summary>
    /// <param name="request">The request.</param>
    /// <param name="chooseId">Given the contact id, the new enrollment's id: an <c>Idempotency-Key</c> reserves it before anything is enrolled.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What was created, or why nothing was.</returns>
    public async Task<EnrollmentResult> EnrollAsync(
        EnrollmentRequest request, Func<string, CancellationToken, Task<string>> chooseId, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.SequenceId))
        {
            errors.Add("sequenceId", "A sequence id is required.");
        }

        var contactRequest = ContactValidator.Validate(request.Contact, "contact", errors);
        smsCountries.Check(contactRequest, "contact", errors);
        if (request.Data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            errors.Add("data", "Data must be a JSON object.");
        }

        if (!errors.IsEmpty)
        {
            return new EnrollmentResult.Invalid(errors);
        }

        var sequence = Identifiers.IsValid(request.SequenceId) ? await sequences.GetLatestAsync(request.SequenceId!, cancellationToken) : null;
        if (sequence is null)
        {
            return new EnrollmentResult.SequenceNotFound(request.SequenceId);
        }

        if (await contacts.FindOrCreateAsync(contactRequest!, cancellationToken) is not { } contact)
        {
            return new EnrollmentResult.ContactBeingErased();
        }

        var data = request.Data is { ValueKind: JsonValueKind.Object } given ? given.Clone() : JsonElement.Parse("{}");
        return await StartAsync(sequence, contact, contactRequest, data, await chooseId(contact.Id, cancellationToken), cancellationToken);
    }

    /// <summary>Enrolls a contact already stored, under an id the caller chose, as the <c>onComplete</c> of another enrollment does.</summary>
    /// <returns>What was created, or why the sequence's reenroll policy or an erasure of the contact refused it.</returns>
    internal Task<EnrollmentResult> EnrollAsync(Sequence sequence, Contact contact, JsonElement data, string enrollmentId, CancellationToken cancellationToken) =>
        StartAsync(sequence, contact, null, data, enrollmentId, cancellationToken);

    /// <summary>Applies the sequence's reenroll policy, stores the enrollment and schedules its first step.</summary>
    /// <param name="sequence">The version to follow.</param>
    /// <param name="contact">The contact, already stored.</param>
    /// <param name="contactUpdate">What the request said about the contact, merged into it once the enrollment is stored; null to change nothing.</param>
    /// <param name="data">The data templates read.</param>
    /// <param name="enrollmentId">The new enrollment's id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    private async Task<EnrollmentResult> StartAsync(
        Sequence sequence, Contact contact, ContactRequest? contactUpdate, JsonElement data, string enrollmentId, CancellationToken cancellationToken)
    {
        if (sequence.Reenroll == ReenrollPolicy.Never
            && (await enrollments.ListAsync(contact.Id, cancellationToken)).FirstOrDefault(e => e.SequenceId == sequence.Id) is { } earlier)
        {
            return new EnrollmentResult.AlreadyEnrolled(earlier.Id, sequence.Id, NeverReenrolls: true);
        }

        var enrolling = contact with { TimeZone = contactUpdate?.TimeZone ?? contact.TimeZone };
        var schedule = planner.For(sequence, enrolling.TimeZone, enrollmentId);
        var enrollment = Enrollment.Start(enrollmentId, enrolling, sequence, data, time.GetUtcNow(), schedule);
        var first = DueEntry.For(enrollment, enrollment.Steps[0]);
        // A first step due soon goes on the queue once the enrollment exists; one due later waits in the due index for the
        // scan, written before the enrollment so that a crash cannot lose it. The NextDue row covers a crash before the enqueue.
        var queued = scheduler.IsWithinLookAhead(first);
        await scheduler.TrackAsync(first, cancellationToken);
        if (!queued)
        {
            await dueIndex.AddAsync(first, cancellationToken);
        }

        await byStatus.AddAsync(enrollment, cancellationToken);
        var started = new TimelineEvent(enrollment.EnrolledUtc, TimelineEventKind.Enrolled, null, $"Into {sequence.Id} v{sequence.Version}; first step {first.StepId} due {enrollment.Steps[0].DueUtc:u}, to be sent {first.DueUtc:u}.");
        while (await enrollments.CreateAsync(enrollment, started, cancellationToken) is { } activeId)
        {
            if (activeId != enrollment.Id && sequence.Reenroll == ReenrollPolicy.Always)
            {
                await halter.HaltAsync(activeId, "reenrolled", cancellationToken);
                continue;
            }

            if (activeId != enrollment.Id)
            {
                if (!queued)
                {
                    await dueIndex.RemoveAsync(first, cancellationToken);
                }

                await scheduler.ForgetAsync(first, cancellationToken);
                await byStatus.RemoveAsync(enrollment, EnrollmentStatus.Active, cancellationToken);
            }

            return new EnrollmentResult.AlreadyEnrolled(activeId, sequence.Id, NeverReenrolls: false);
        }

        if (contactUpdate is not null)
        {
            await contacts.MergeAsync(contact, contactUpdate, cancellationToken);
        }

        await figures.CountEnrolledAsync(enrollment, cancellationToken);
        if (await contacts.GetAsync(contact.Id, cancellationToken) is null)
        {
            // An erasure began after the contact was read and may have listed its enrollments before this one was stored:
            // finishing the erasure again removes what this request stored.
            await eraser.EraseAsync(contact.Id, [.. ContactStore.IndexKeys(contact.Email, contact.Phone), .. ContactStore.IndexKeys(contactUpdate?.Email, contactUpdate?.Phone)], cancellationToken);
            logger.LogInformation("Not enrolled in {SequenceId}: the contact of {EnrollmentId} was being erased", sequence.Id, enrollment.Id);
            return new EnrollmentResult.ContactBeingErased();
        }

        if (queued)
        {
            await scheduler.EnqueueNowAsync(first, cancellationToken);
        }

        logger.LogInformation("Enrolled {EnrollmentId} in {SequenceId} v{Version}", enrollment.Id, sequence.Id, sequence.Version);
        return new EnrollmentResult.Created(Created(enrollment));
    }

    /// <summary>The answer that creating this enrollment gave, read back from storage; null when it was never stored.</summary>
    /// <remarks>For a repeated <c>Idempotency-Key</c> whose first request stored the enrollment but not its answer.</remarks>
    public async Task<EnrollmentCreated?> FindCreatedAsync(string enrollmentId, CancellationToken cancellationToken) =>
        await enrollments.GetAsync(enrollmentId, cancellationToken) is { } enrollment ? Created(enrollment) : null;

    /// <summary>The answer to an enrollment as it was when it started: active, with its first step next.</summary>
    private static EnrollmentCreated Created(Enrollment enrollment)
    {
        var first = enrollment.Steps[0];
        return new EnrollmentCreated(enrollment.Id, enrollment.SequenceId, EnrollmentStatus.Active, first.Id, first.DueUtc, first.SendUtc);
    }
}
