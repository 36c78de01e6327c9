using FollowUp.Engine.Caps;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timing;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Dispatch;

/// <summary>The queue trigger's entry point: sends one due step at most once, within the channel's rate limits, and schedules the next.</summary>
/// <remarks>
/// Each stage reads what it needs, asks <see cref="StepDecision"/> what to do, and does it: <see cref="StepPostponer"/>
/// moves a step later, <see cref="SendClaimant"/> claims the send, <see cref="StepSender"/> sends under the claim, and
/// <see cref="StepRecorder"/> records the outcome and schedules the next step.
/// The message is completed only after the outcome is recorded and the next step scheduled, so a crash anywhere makes the
/// queue deliver it again, and every stage can be repeated safely: the claim in Sends stops a second send, a claim whose
/// worker died is settled by asking the provider, and a recorded outcome is not recorded twice.
/// Waiting (for a rate-limit slot, after a 429, while the provider is down) puts a new message on the queue with a
/// visibility delay and completes the current one, so waiting never spends the message's dequeue count.
/// A step whose contact is being erased is dropped before its claim.
/// </remarks>
public sealed class StepDispatcher(
    EnrollmentStore enrollments,
    ContactStore contacts,
    SendPlanner planner,
    MessageComposer composer,
    SendRateLimiter limiter,
    StepQueue queue,
    StepPostponer postponer,
    SendClaimant claimant,
    StepSender sender,
    StepRecorder recorder,
    DeliveryTracking delivery,
    TimeProvider time,
    ILogger<StepDispatcher> logger)
{
    /// <summary>How long a message that needs a newer FollowUp waits before it is offered again.</summary>
    public static readonly TimeSpan NewerFormatWait = TimeSpan.FromMinutes(5);

    /// <summary>Handles one queue message.</summary>
    /// <param name="body">The message text (already base64-decoded by the trigger).</param>
    /// <param name="dequeueCount">How often the queue has delivered this message, this time included.</param>
    /// <param name="cancellationToken">Cancels the work; the message is then delivered again.</param>
    /// <exception cref="FormatException">The message is not a step message.</exception>
    /// <exception cref="StepNotReadyException">The enrollment is not readable yet; the queue retries.</exception>
    /// <remarks>A message, enrollment or sequence that a newer FollowUp wrote (<see cref="NewerStorageFormatException"/>) is
    /// left alone: the body goes back on the queue as it came, for <see cref="NewerFormatWait"/>, until a newer worker takes
    /// it. Nothing is dropped, and a duplicate from a crash in between is absorbed by the send's claim.</remarks>
    public async Task DispatchAsync(string body, long dequeueCount, CancellationToken cancellationToken)
    {
        try
        {
            await DispatchAsync(StepMessage.Parse(body), dequeueCount, cancellationToken);
        }
        catch (NewerStorageFormatException exception)
        {
            logger.LogError(exception, "A step message needs a newer FollowUp ({Document} v{Version}); put back for {Wait}", exception.Document, exception.Version, NewerFormatWait);
            await queue.PutBackAsync(body, NewerFormatWait, cancellationToken);
        }
    }

    private async Task DispatchAsync(StepMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["EnrollmentId"] = message.EnrollmentId,
            ["StepId"] = message.StepId,
            ["DequeueCount"] = dequeueCount,
        });
        if (message.IsDeliveryCheck)
        {
            await delivery.CheckAsync(message, cancellationToken);
            return;
        }

        while (true)
        {
            var read = await enrollments.GetForSendAsync(message.EnrollmentId, cancellationToken);
            var enrollment = read.Enrollment;
            var contact = EnrollmentId.TryGetContactId(message.EnrollmentId, out var contactId)
                ? await contacts.ResolveAsync(contactId, read.Contact, cancellationToken)
                : null;
            var action = StepDecision.Decide(message, enrollment, contactErased: enrollment is null && contact is null, time.GetUtcNow());
            switch (action.Kind)
            {
                case StepActionKind.NotReady:
                    throw new StepNotReadyException($"Enrollment {message.EnrollmentId} does not exist (yet).");
                case StepActionKind.Drop:
                    logger.LogInformation("Dropped {StepId} of {EnrollmentId}: {Reason}", message.StepId, message.EnrollmentId, action.Reason);
                    return;
                case StepActionKind.EnsureNext:
                    logger.LogInformation("Not sending {StepId} of {EnrollmentId}: {Reason}", message.StepId, message.EnrollmentId, action.Reason);
                    await recorder.EnsureNextAsync(enrollment!, action.Index, cancellationToken);
                    return;
                case StepActionKind.Requeue:
                    await queue.EnqueueAsync(message, action.Delay, cancellationToken);
                    return;
                case StepActionKind.Pause:
                    await Task.Delay(action.Delay, time, cancellationToken);
                    continue;
                default:
                    await SendDueAsync(enrollment!, contact, read.SentRows, action.Index, message, cancellationToken);
                    return;
            }
        }
    }

    /// <summary>Checks the send window, renders the step, checks the contact's cap and waits for a rate-limit slot (or goes back on the queue until it), then claims and sends it.</summary>
    private async Task SendDueAsync(Enrollment enrollment, Contact? contact, IReadOnlyList<SentRow> sentRows, int index, StepMessage message, CancellationToken cancellationToken)
    {
        var step = enrollment.Steps[index];
        var key = new SendKey(enrollment.Id, step.Id);
        var schedule = await planner.ForAsync(enrollment, cancellationToken);
        var open = schedule.ForStep(step.Id).IsOpen(time.GetUtcNow(), step.Channel);
        var due = StepDecision.WhenDue(index, open, open ? null : await claimant.GetAsync(key, cancellationToken));
        if (due.Kind == StepActionKind.RecordEnded)
        {
            await recorder.RecordAsync(enrollment, due.Claim!, cancellationToken);
            return;
        }

        if (due.Kind == StepActionKind.DelayForWindow)
        {
            await postponer.DelayForWindowAsync(enrollment, index, schedule, cancellationToken);
            return;
        }

        PreparedSend prepared;
        try
        {
            prepared = await composer.ComposeAsync(enrollment, contact, index, cancellationToken);
        }
        catch (ContactErasedException)
        {
            // The erasure removes the enrollment next; retrying would only send the message to the poison queue and list the step as failed.
            logger.LogInformation("Dropped {StepId} of {EnrollmentId}: its contact is being erased", step.Id, enrollment.Id);
            return;
        }

        var waited = false;
        if (prepared.HasMessage)
        {
            if (message.SlotUtc is null && await postponer.PostponeForCapAsync(enrollment, sentRows, index, message, schedule, cancellationToken))
            {
                return;
            }

            var slot = message.SlotUtc ?? await limiter.ReserveAsync(prepared.Channel, prepared.Units, cancellationToken);
            var when = StepDecision.ForSlot(index, slot, time.GetUtcNow());
            if (when.Kind == StepActionKind.Requeue)
            {
                logger.LogInformation("{StepId} of {EnrollmentId} waits {Wait} for the {Channel} rate limit", step.Id, enrollment.Id, when.Delay, prepared.Channel);
                await queue.EnqueueAsync(message.WaitingForSlot(slot), when.Delay, cancellationToken);
                return;
            }

            if (when.Kind == StepActionKind.Pause)
            {
                await Task.Delay(when.Delay, time, cancellationToken);
                waited = true;
            }
        }

        await ClaimAndSendAsync(enrollment, key, prepared, message, waited, cancellationToken);
    }

    /// <summary>Claims the send and sends, or records a claim that ended; <paramref name="waited"/> says the enrollment was read before a wait.</summary>
    private async Task ClaimAndSendAsync(Enrollment enrollment, SendKey key, PreparedSend prepared, StepMessage message, bool waited, CancellationToken cancellationToken)
    {
        if (await claimant.ClaimAsync(key, prepared, message, cancellationToken) is not { } claim)
        {
            return;
        }

        if (claim.Status != ClaimStatus.Sending)
        {
            await recorder.RecordAsync(enrollment, claim, cancellationToken);
            return;
        }

        // A halt (a reply, an event) may have come while this worker waited for its rate-limit slot: look once more.
        var current = waited ? await enrollments.GetAsync(enrollment.Id, cancellationToken) ?? enrollment : enrollment;
        SendClaim? outcome;
        if (current.Status != EnrollmentStatus.Active)
        {
            logger.LogInformation("Not sending {StepId} of {EnrollmentId}: it was {Status} before the send began", key.StepId, key.EnrollmentId, current.Status);
            outcome = await sender.SkipAsync(claim, $"The enrollment was {current.Status.ToString().ToLowerInvariant()} before the send began.", cancellationToken);
        }
        else
        {
            outcome = await sender.SendAsync(current, prepared, claim, message, cancellationToken);
        }

        if (outcome is not null)
        {
            await recorder.RecordAsync(current, outcome, cancellationToken);
        }
    }
}
