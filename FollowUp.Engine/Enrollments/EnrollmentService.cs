using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Enrollments;

/// <summary>Enrolls contacts into sequences and schedules their first step.</summary>
public sealed class EnrollmentService(
    SequenceStore sequences,
    ContactStore contacts,
    EnrollmentStore enrollments,
    DueIndex dueIndex,
    StepScheduler scheduler,
    TimelineStore timeline,
    SendPlanner planner,
    TimeProvider time,
    ILogger<EnrollmentService> logger)
{
    /// <summary>Validates and performs an enrollment; returns what was created, or the problem that prevents it.</summary>
    /// <remarks>
    /// Everything is validated before anything is written, and an existing contact is updated only once the enrollment is
    /// stored, so a refused request changes nothing. The first step's due-index row is written before the enrollment,
    /// so a crash between the two leaves a row whose enrollment does not exist (the dispatcher retries its message and then
    /// moves it to the poison queue) rather than an enrollment that is never scheduled; on a conflict the row is removed again.
    /// </remarks>
    public async Task<(EnrollmentCreated? Created, IResult? Problem)> EnrollAsync(EnrollmentRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.SequenceId))
        {
            errors.Add("sequenceId", "A sequence id is required.");
        }

        var contactRequest = ContactValidator.Validate(request.Contact, "contact", errors);
        if (request.Data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            errors.Add("data", "Data must be a JSON object.");
        }

        if (!errors.IsEmpty)
        {
            return (null, Problems.Validation(errors));
        }

        var sequence = Identifiers.IsValid(request.SequenceId) ? await sequences.GetLatestAsync(request.SequenceId!, cancellationToken) : null;
        if (sequence is null)
        {
            return (null, Problems.NotFound($"There is no sequence '{request.SequenceId}'."));
        }

        var contact = await contacts.FindOrCreateAsync(contactRequest!, cancellationToken);
        var data = request.Data is { ValueKind: JsonValueKind.Object } given ? given.Clone() : JsonElement.Parse("{}");
        var id = EnrollmentId.Create(contact.Id);
        var enrolling = contact with { TimeZone = contactRequest!.TimeZone ?? contact.TimeZone };
        var enrollment = Enrollment.Start(id, enrolling, sequence, data, time.GetUtcNow(), planner.For(sequence.Timing, enrolling.TimeZone, id));
        var first = DueEntry.For(enrollment, enrollment.Steps[0]);
        await dueIndex.AddAsync(first, cancellationToken);
        if (await enrollments.CreateAsync(enrollment, cancellationToken) is { } activeId)
        {
            await dueIndex.RemoveAsync(first, cancellationToken);
            return (null, Problems.Conflict(
                $"The contact is already active in sequence '{sequence.Id}' as enrollment {activeId}.",
                new Dictionary<string, object?> { ["enrollmentId"] = activeId }));
        }

        await contacts.MergeAsync(contact, contactRequest!, cancellationToken);
        await scheduler.EnqueueIfWithinLookAheadAsync(first, cancellationToken);
        await timeline.AddAsync(enrollment.Id, new TimelineEvent(enrollment.EnrolledUtc, TimelineEventKind.Enrolled, null, $"Into {sequence.Id} v{sequence.Version}; first step {first.StepId} due {enrollment.Steps[0].DueUtc:u}, to be sent {first.DueUtc:u}."), cancellationToken);
        logger.LogInformation("Enrolled {EnrollmentId} in {SequenceId} v{Version}", enrollment.Id, sequence.Id, sequence.Version);
        return (new EnrollmentCreated(enrollment.Id, sequence.Id, enrollment.Status, first.StepId, enrollment.Steps[0].DueUtc, first.DueUtc), null);
    }
}
