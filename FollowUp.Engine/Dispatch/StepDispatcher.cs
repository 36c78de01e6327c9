using FollowUp.Engine.Caps;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Limits;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dispatch;

/// <summary>The queue trigger's entry point: sends one due step at most once, within the channel's rate limits, and schedules the next.</summary>
/// <remarks>
/// The message is completed only after the outcome is recorded and the next step scheduled, so a crash anywhere makes the
/// queue deliver it again, and every stage can be repeated safely: the claim in Sends stops a second send, a claim whose
/// worker died is settled by asking the provider, and a recorded outcome is not recorded twice.
/// Waiting (for a rate-limit slot, after a 429, while the provider is down) puts a new message on the queue with a
/// visibility delay and completes the current one, so waiting never spends the message's dequeue count.
/// A step whose contact is being erased is dropped before its claim; a send under way when an erasure removed its claim
/// records nothing and removes its outbox file.
/// </remarks>
public sealed class StepDispatcher(
    EnrollmentStore enrollments,
    ContactStore contacts,
    MessageComposer composer,
    OptOutStore optOuts,
    SendClaims claims,
    SendRateLimiter limiter,
    StepScheduler scheduler,
    StepQueue queue,
    DeliveryTracking delivery,
    EnrollmentChainer chainer,
    TimelineStore timeline,
    ContactCap cap,
    SendPlanner planner,
    FailedStepStore failures,
    StepFigures figures,
    IEmailChannel email,
    ISmsChannel sms,
    OutboxFolder outbox,
    TimeProvider time,
    IOptions<FollowUpOptions> options,
    ILogger<StepDispatcher> logger)
{
    /// <summary>The longest a worker waits for a step that arrived early; a longer wait goes back on the queue.</summary>
    private static readonly TimeSpan MaxEarlyWait = TimeSpan.FromSeconds(5);

    /// <summary>How long to hold a channel after a 429 that gave no Retry-After.</summary>
    private static readonly TimeSpan DefaultThrottleWait = TimeSpan.FromSeconds(30);

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
        if (message.CheckDelivery == true)
        {
            await delivery.CheckAsync(message, cancellationToken);
            return;
        }

        while (true)
        {
            var found = await enrollments.GetAsync(message.EnrollmentId, cancellationToken);
            if (found is null && EnrollmentId.TryGetContactId(message.EnrollmentId, out var contactId) && await contacts.GetAsync(contactId, cancellationToken) is null)
            {
                logger.LogInformation("Dropped {StepId} of {EnrollmentId}: its contact was erased", message.StepId, message.EnrollmentId);
                return;
            }

            var enrollment = found ?? throw new StepNotReadyException($"Enrollment {message.EnrollmentId} does not exist (yet).");
            var index = enrollment.IndexOf(message.StepId);
            if (index < 0 || enrollment.SequenceVersion != message.SequenceVersion)
            {
                logger.LogWarning("Dropped {StepId}: not a step of {EnrollmentId} v{Version}", message.StepId, enrollment.Id, enrollment.SequenceVersion);
                return;
            }

            var step = enrollment.Steps[index];
            if (step.Status is StepStatus.Sent or StepStatus.Failed)
            {
                // A redelivery after a crash: finish what the first delivery may not have (the cap row is keyed by the send).
                if (step is { Status: StepStatus.Sent, SentUtc: { } sentUtc })
                {
                    await cap.RecordAsync(enrollment.ContactId, enrollment.SequenceId, enrollment.Id, step.Id, sentUtc, cancellationToken);
                }

                await EnsureNextScheduledAsync(enrollment, index, cancellationToken);
                return;
            }

            if (enrollment.Status != EnrollmentStatus.Active || index != enrollment.NextStepIndex)
            {
                logger.LogInformation("Not sending {StepId} of {EnrollmentId}: enrollment is {Status} at step {NextStep}",
                    step.Id, enrollment.Id, enrollment.Status, enrollment.NextStep?.Id);
                await EnsureNextScheduledAsync(enrollment, index, cancellationToken);
                return;
            }

            var early = step.SendUtc - time.GetUtcNow();
            if (early <= TimeSpan.Zero)
            {
                await SendDueAsync(enrollment, index, message, cancellationToken);
                return;
            }

            if (early > MaxEarlyWait)
            {
                await queue.EnqueueAsync(message, early, cancellationToken);
                return;
            }

            // The queue rounds its delays up to the second, but its clock may run a little ahead of this one: wait, then read again.
            await Task.Delay(early, time, cancellationToken);
        }
    }

    /// <summary>Renders the due step, waits for a rate-limit slot (or goes back on the queue until it), then claims and sends it.</summary>
    private async Task SendDueAsync(Enrollment enrollment, int index, StepMessage message, CancellationToken cancellationToken)
    {
        var schedule = await planner.ForAsync(enrollment, cancellationToken);
        if (!schedule.ForStep(enrollment.Steps[index].Id).IsOpen(time.GetUtcNow(), enrollment.Steps[index].Channel))
        {
            // A send that ended before a crash kept it from being recorded is recorded now, not at the next opening.
            if (await claims.GetAsync(new SendKey(enrollment.Id, enrollment.Steps[index].Id), cancellationToken) is { Status: not ClaimStatus.Sending } ended)
            {
                await RecordAsync(enrollment, index, ended, message, cancellationToken);
                return;
            }

            await DelayForWindowAsync(enrollment, index, schedule, cancellationToken);
            return;
        }

        PreparedSend prepared;
        try
        {
            prepared = await composer.ComposeAsync(enrollment, index, cancellationToken);
        }
        catch (ContactErasedException)
        {
            // The erasure removes the enrollment next; retrying would only send the message to the poison queue and list the step as failed.
            logger.LogInformation("Dropped {StepId} of {EnrollmentId}: its contact is being erased", message.StepId, enrollment.Id);
            return;
        }

        if (prepared.HasMessage && message.SlotUtc is null
            && await cap.WaitUntilAsync(enrollment.ContactId, enrollment.SequenceId, time.GetUtcNow(), cancellationToken) is { } capped)
        {
            await PostponeForCapAsync(enrollment, index, message, capped, schedule, cancellationToken);
            return;
        }

        var waited = false;
        if (prepared.HasMessage)
        {
            var slot = message.SlotUtc ?? await limiter.ReserveAsync(prepared.Channel, prepared.Units, cancellationToken);
            var wait = slot - time.GetUtcNow();
            if (wait > MaxEarlyWait)
            {
                logger.LogInformation("{StepId} of {EnrollmentId} waits {Wait} for the {Channel} rate limit", message.StepId, enrollment.Id, wait, prepared.Channel);
                await queue.EnqueueAsync(message with { SlotUtc = slot }, wait, cancellationToken);
                return;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
                waited = true;
            }
        }

        await ClaimAndSendAsync(enrollment, index, prepared, message, waited, cancellationToken);
    }

    /// <summary>Moves a step that was held up until its window closed (a wait for the provider, a rate limit) to the next opening, with the steps after it, and schedules it then.</summary>
    private async Task DelayForWindowAsync(Enrollment enrollment, int index, SendSchedule schedule, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await enrollments.UpdateAsync(enrollment, e => e.DelayForWindow(index, schedule, now), cancellationToken) is not { } updated
            || updated.Enrollment.Status != EnrollmentStatus.Active || updated.Enrollment.NextStepIndex != index)
        {
            return;
        }

        var step = updated.Enrollment.Steps[index];
        if (updated.Changed)
        {
            logger.LogInformation("{StepId} of {EnrollmentId} missed its send window; it waits until {SendUtc}", step.Id, enrollment.Id, step.SendUtc);
            await timeline.AddAsync(enrollment.Id, new TimelineEvent(now, TimelineEventKind.DelayedByWindow, step.Id,
                $"Could not go before the rules closed; {schedule.ForStep(step.Id).Explain(now, step.SendUtc, step.Channel).Explanation}."), cancellationToken);
        }

        await scheduler.ScheduleAsync(DueEntry.For(updated.Enrollment, step), cancellationToken);
    }

    /// <summary>Moves the step (and the steps after it) to when the cap allows it, records why, and waits on the queue until then.</summary>
    private async Task PostponeForCapAsync(Enrollment enrollment, int index, StepMessage message, DateTimeOffset until, SendSchedule schedule, CancellationToken cancellationToken)
    {
        var stepId = enrollment.Steps[index].Id;
        var updated = await enrollments.UpdateAsync(enrollment, e => e.Postpone(index, until, schedule), cancellationToken);
        if (updated is { Changed: true })
        {
            var cap = options.Value.Caps;
            logger.LogInformation("{StepId} of {EnrollmentId} waits until {Until} for the contact's message cap", stepId, enrollment.Id, until);
            await timeline.AddAsync(enrollment.Id, new TimelineEvent(time.GetUtcNow(), TimelineEventKind.DelayedByCap, stepId,
                $"The contact already had {cap.MaxMessages} messages from other sequences within {cap.Window}; moved to {until:u} with the steps after it."), cancellationToken);
        }

        await queue.EnqueueAsync(message, until - time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Claims the send, settles a claim a dead worker left, and sends; <paramref name="waited"/> says the enrollment was read before a wait.</summary>
    private async Task ClaimAndSendAsync(Enrollment enrollment, int index, PreparedSend prepared, StepMessage message, bool waited, CancellationToken cancellationToken)
    {
        var step = enrollment.Steps[index];
        var key = new SendKey(enrollment.Id, step.Id);
        var lease = options.Value.SendLease;
        var (acquired, claim) = await claims.TryAcquireAsync(key, time.GetUtcNow(), lease, cancellationToken);
        if (!acquired)
        {
            if (claim.Status != ClaimStatus.Sending)
            {
                await RecordAsync(enrollment, index, claim, message, cancellationToken);
                return;
            }

            var now = time.GetUtcNow();
            if (now < claim.LeaseUntilUtc)
            {
                logger.LogInformation("{StepId} of {EnrollmentId} is being sent by another worker; checking again after its lease", step.Id, enrollment.Id);
                await queue.EnqueueAsync(message, claim.LeaseUntilUtc - now + TimeSpan.FromSeconds(1), cancellationToken);
                return;
            }

            string? providerMessageId;
            try
            {
                providerMessageId = await FindSentAsync(prepared, claim, cancellationToken);
            }
            catch (ProviderUnavailableException exception)
            {
                // Without the provider's answer nothing may be sent: ask again later.
                await RequeueAfterOutageAsync(message, (message.Attempt ?? 0) + 1, exception, cancellationToken);
                return;
            }

            if (providerMessageId is not null)
            {
                logger.LogWarning("{StepId} of {EnrollmentId} had been sent before a crash; recording it without sending again", step.Id, enrollment.Id);
                if (await claims.CompleteAsync(claim, ClaimStatus.Sent, now, providerMessageId, null, cancellationToken) is { } found)
                {
                    await RecordAsync(enrollment, index, found, message, cancellationToken);
                }

                return;
            }

            (acquired, claim) = await claims.TryTakeOverAsync(claim, now, lease, cancellationToken);
            if (!acquired)
            {
                await queue.EnqueueAsync(message, lease, cancellationToken);
                return;
            }
        }

        // A halt (a reply, an event) may have come while this worker waited for its rate-limit slot: look once more.
        var current = waited ? await enrollments.GetAsync(enrollment.Id, cancellationToken) ?? enrollment : enrollment;
        if (current.Status != EnrollmentStatus.Active)
        {
            logger.LogInformation("Not sending {StepId} of {EnrollmentId}: it was {Status} before the send began", step.Id, enrollment.Id, current.Status);
            if (await claims.CompleteAsync(claim, ClaimStatus.Skipped, time.GetUtcNow(), null, $"The enrollment was {current.Status.ToString().ToLowerInvariant()} before the send began.", cancellationToken) is { } skipped)
            {
                await RecordAsync(current, index, skipped, message, cancellationToken);
            }

            return;
        }

        if (await SendAsync(current, prepared, claim, message, cancellationToken) is { } outcome)
        {
            await RecordAsync(current, index, outcome, message, cancellationToken);
        }
    }

    /// <summary>Sends under a held claim and completes the claim; null when the send went back on the queue to wait, or another worker took the claim over.</summary>
    private async Task<SendClaim?> SendAsync(Enrollment enrollment, PreparedSend prepared, SendClaim claim, StepMessage message, CancellationToken cancellationToken)
    {
        if (prepared.SkipReason is { } reason)
        {
            return await claims.CompleteAsync(claim, ClaimStatus.Skipped, time.GetUtcNow(), null, reason, cancellationToken);
        }

        if (prepared.FailReason is { } failure)
        {
            // Sending again cannot help: the template fails for this contact's data, so the step fails for good.
            logger.LogWarning("{StepId} of {EnrollmentId} failed: {Reason}", claim.Key.StepId, claim.Key.EnrollmentId, failure);
            return await claims.CompleteAsync(claim, ClaimStatus.Failed, time.GetUtcNow(), null, failure, cancellationToken);
        }

        var key = claim.Key;
        var heartbeat = SendClaimHeartbeat.Start(claims, claim, options.Value.SendLease, time, logger);
        try
        {
            var providerMessageId = await SendHeldAsync(prepared, claim, heartbeat, cancellationToken);
            logger.LogInformation("Sent {StepId} of {EnrollmentId} by {Channel}", key.StepId, key.EnrollmentId, prepared.Channel);
            var sent = await claims.CompleteAsync(heartbeat.Claim, ClaimStatus.Sent, time.GetUtcNow(), providerMessageId, null, cancellationToken);
            if (sent is null && await contacts.GetAsync(enrollment.ContactId, cancellationToken) is null)
            {
                // The contact was erased while the message was with the provider, claim and all: record nothing, and keep no outbox copy.
                logger.LogWarning("{StepId} of {EnrollmentId} was sent while its contact was being erased; nothing is recorded", key.StepId, key.EnrollmentId);
                outbox.Remove(key.EnrollmentId, key.StepId);
            }

            return sent;
        }
        catch (PermanentSendException exception)
        {
            logger.LogWarning("The provider refused {StepId} of {EnrollmentId}: {Reason}", key.StepId, key.EnrollmentId, exception.Message);
            return await claims.CompleteAsync(heartbeat.Claim, ClaimStatus.Failed, time.GetUtcNow(), null, exception.Message, cancellationToken);
        }
        catch (RecipientOptedOutException exception)
        {
            logger.LogWarning("The recipient of {StepId} of {EnrollmentId} has opted out with the provider: {Reason}", key.StepId, key.EnrollmentId, exception.Message);
            var addressKey = prepared.Email is { } optedOut ? AddressKey.Email(optedOut.To) : AddressKey.Phone(prepared.Sms!.To);
            await optOuts.AddAsync(addressKey, "provider", time.GetUtcNow(), cancellationToken);
            await timeline.AddAsync(key.EnrollmentId, new TimelineEvent(time.GetUtcNow(), TimelineEventKind.OptedOut, key.StepId, exception.Message), cancellationToken);
            return await claims.CompleteAsync(heartbeat.Claim, ClaimStatus.Skipped, time.GetUtcNow(), null, exception.Message, cancellationToken);
        }
        catch (ProviderThrottledException exception)
        {
            // This request sent nothing, but an earlier try of it whose answer was lost may have: end the lease rather than
            // give the claim back, so the retry (a new message, after the wait) asks the provider first and repeats the same request.
            var wait = exception.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : DefaultThrottleWait;
            logger.LogWarning("The provider throttled {StepId} of {EnrollmentId}; retrying in {Wait}", key.StepId, key.EnrollmentId, wait);
            await claims.ReleaseAsync(heartbeat.Claim, time.GetUtcNow(), CancellationToken.None);
            await limiter.PauseAsync(prepared.Channel, time.GetUtcNow() + wait, cancellationToken);
            await queue.EnqueueAsync(message with { SlotUtc = null }, wait, cancellationToken);
            return null;
        }
        catch (ProviderUnavailableException exception)
        {
            return await RetryWhenAvailableAsync(prepared, heartbeat.Claim, message, exception, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The provider may or may not have accepted it: end the lease so the retry asks before sending again.
            await claims.ReleaseAsync(heartbeat.Claim, time.GetUtcNow(), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Sends through the step's channel while <paramref name="heartbeat"/> renews the claim; the renewals have stopped when this returns or throws.</summary>
    private async Task<string> SendHeldAsync(PreparedSend prepared, SendClaim claim, SendClaimHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        try
        {
            return prepared.Email is { } outgoing
                ? await email.SendAsync(outgoing with { FirstSentUtc = claim.FirstSentUtc }, cancellationToken)
                : await sms.SendAsync(prepared.Sms!, cancellationToken);
        }
        finally
        {
            await heartbeat.StopAsync();
        }
    }

    /// <summary>After the provider failed: ends the lease and tries again later as a new message, or fails the step after the last attempt.</summary>
    private async Task<SendClaim?> RetryWhenAvailableAsync(PreparedSend prepared, SendClaim claim, StepMessage message, ProviderUnavailableException exception, CancellationToken cancellationToken)
    {
        var attempt = (message.Attempt ?? 0) + 1;
        claim = await claims.ReleaseAsync(claim, time.GetUtcNow(), CancellationToken.None);
        if (RetryPolicy.ProviderOutage.CanRetry(attempt))
        {
            await RequeueAfterOutageAsync(message, attempt, exception, cancellationToken);
            return null;
        }

        // The last attempt may have reached the provider all the same: ask before giving up.
        string? providerMessageId;
        try
        {
            providerMessageId = await FindSentAsync(prepared, claim, cancellationToken);
        }
        catch (ProviderUnavailableException)
        {
            await RequeueAfterOutageAsync(message, attempt, exception, cancellationToken);
            return null;
        }

        if (providerMessageId is not null)
        {
            return await claims.CompleteAsync(claim, ClaimStatus.Sent, time.GetUtcNow(), providerMessageId, null, cancellationToken);
        }

        logger.LogError("Gave up on {StepId} of {EnrollmentId} after {Attempts} attempts: {Reason}", claim.Key.StepId, claim.Key.EnrollmentId, attempt, exception.Message);
        return await claims.CompleteAsync(claim, ClaimStatus.Failed, time.GetUtcNow(), null,
            $"The provider was unavailable for {attempt} attempts: {exception.Message}", cancellationToken);
    }

    /// <summary>Puts the message back with the attempt count, after the wait <see cref="RetryPolicy.ProviderOutage"/> gives.</summary>
    private async Task RequeueAfterOutageAsync(StepMessage message, int attempt, ProviderUnavailableException exception, CancellationToken cancellationToken)
    {
        var delay = RetryPolicy.ProviderOutage.DelayAfter(attempt);
        logger.LogWarning("The provider is unavailable for {StepId} of {EnrollmentId} (attempt {Attempt}): {Reason}; retrying in {Delay}",
            message.StepId, message.EnrollmentId, attempt, exception.Message, delay);
        await queue.EnqueueAsync(message with { SlotUtc = null, Attempt = attempt }, delay, cancellationToken);
    }

    private async Task<string?> FindSentAsync(PreparedSend prepared, SendClaim claim, CancellationToken cancellationToken) => prepared switch
    {
        { Email: { } outgoing } => await email.FindSentAsync(outgoing, claim.ClaimedUtc, cancellationToken),
        { Sms: { } outgoing } => await sms.FindSentAsync(outgoing, claim.ClaimedUtc, cancellationToken),
        _ => null,
    };

    /// <summary>Records the outcome of a completed claim whose worker died before recording it, without sending: the step moves on and the next is scheduled.</summary>
    /// <param name="enrollment">The enrollment, with the claim's step in it.</param>
    /// <param name="claim">A claim whose send ended (sent, failed or skipped).</param>
    /// <param name="cancellationToken">Cancels the work; repeating it records nothing twice.</param>
    public async Task RecordEndedClaimAsync(Enrollment enrollment, SendClaim claim, CancellationToken cancellationToken)
    {
        var index = enrollment.IndexOf(claim.Key.StepId);
        if (index >= 0 && claim.Status != ClaimStatus.Sending)
        {
            await RecordAsync(enrollment, index, claim, DueEntry.For(enrollment, enrollment.Steps[index]).ToMessage(), cancellationToken);
        }
    }

    /// <summary>Records the claim's outcome on the enrollment (as read before the send), schedules the next step, and follows a tracked delivery.</summary>
    /// <remarks>
    /// The step is found by id, since a move to another version may have put it elsewhere, or removed it, since the enrollment was read.
    /// A step that failed for good goes on the failures list before the enrollment moves past it, so a crash in between cannot leave it off.
    /// </remarks>
    private async Task RecordAsync(Enrollment enrollment, int index, SendClaim claim, StepMessage message, CancellationToken cancellationToken)
    {
        var stepId = enrollment.Steps[index].Id;
        var channel = enrollment.Steps[index].Channel;
        var scheduled = DueEntry.For(enrollment, enrollment.Steps[index]);
        var status = claim.Status switch
        {
            ClaimStatus.Sent => StepStatus.Sent,
            ClaimStatus.Failed => StepStatus.Failed,
            _ => StepStatus.Skipped,
        };
        if (status == StepStatus.Failed)
        {
            await failures.AddAsync(new FailedStep(enrollment.Id, stepId, claim.CompletedUtc ?? time.GetUtcNow(), 0, claim.Detail ?? "The send failed.", FailureKind.Failed), cancellationToken);
        }
        var updated = await enrollments.UpdateAsync(
            enrollment,
            e => e.RecordOutcome(stepId, status, claim.CompletedUtc ?? time.GetUtcNow(), claim.ProviderMessageId, claim.Detail),
            cancellationToken);
        if (updated is not { } result)
        {
            return;
        }

        index = result.Enrollment.IndexOf(stepId);
        if (index < 0)
        {
            logger.LogWarning("{StepId} of {EnrollmentId} ended {Status}, but a move to v{Version} removed the step; not recorded",
                stepId, enrollment.Id, status, result.Enrollment.SequenceVersion);
            return;
        }

        if (result.Changed)
        {
            await RecordOnTimelineAsync(result.Enrollment, index, claim, cancellationToken);
        }

        // The cap row is keyed by the send, so writing it again on a redelivered message changes nothing; it is written
        // before the next step (or a chained sequence's first) is scheduled, so that step's cap check counts this send.
        if (status == StepStatus.Sent)
        {
            await cap.RecordAsync(enrollment.ContactId, enrollment.SequenceId, enrollment.Id, claim.Key.StepId, claim.CompletedUtc ?? time.GetUtcNow(), cancellationToken);
        }

        if (result.Changed && status == StepStatus.Sent && delivery.IsTracked(channel))
        {
            await delivery.ScheduleCheckAsync(message, cancellationToken);
        }

        await EnsureNextScheduledAsync(result.Enrollment, index, cancellationToken);
        await scheduler.ForgetAsync(scheduled, cancellationToken);
    }

    private async Task RecordOnTimelineAsync(Enrollment enrollment, int index, SendClaim claim, CancellationToken cancellationToken)
    {
        var step = enrollment.Steps[index];
        var at = claim.CompletedUtc ?? time.GetUtcNow();
        var kind = step.Status switch
        {
            StepStatus.Sent => TimelineEventKind.Sent,
            StepStatus.Failed => TimelineEventKind.Failed,
            _ => TimelineEventKind.Skipped,
        };
        var detail = step.Status == StepStatus.Sent
            ? $"By {step.Channel}{(step.Variant is { } variant ? $" as variant {variant}" : "")}, {step.ProviderMessageId}."
            : step.Detail;
        await timeline.AddAsync(enrollment.Id, new TimelineEvent(at, kind, step.Id, detail) { Variant = step.Variant }, cancellationToken);
        if (enrollment.Status == EnrollmentStatus.Completed && enrollment.NextStep is null && index == enrollment.Steps.Count - 1)
        {
            // A tick later, so that the timeline (ordered by time) shows it after the last step's event.
            await timeline.AddAsync(enrollment.Id, new TimelineEvent(at.AddTicks(1), TimelineEventKind.Completed, null, "Every step is done."), cancellationToken);
        }
    }

    /// <summary>Counts the step's outcome in the report, and schedules the step after <paramref name="index"/> if it is next and not yet done, or acts on a completion; repeating this is harmless.</summary>
    private async Task EnsureNextScheduledAsync(Enrollment enrollment, int index, CancellationToken cancellationToken)
    {
        await figures.CountStepAsync(enrollment, index, cancellationToken);
        await chainer.ChainAsync(enrollment, cancellationToken);
        if (enrollment.Status == EnrollmentStatus.Active && enrollment.NextStepIndex == index + 1
            && enrollment.NextStep is { Status: StepStatus.Pending } next)
        {
            await scheduler.ScheduleAsync(DueEntry.For(enrollment, next), cancellationToken);
        }
    }
}
