using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Templates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dispatch;

/// <summary>The queue trigger's entry point: sends one due step at most once and schedules the next.</summary>
/// <remarks>
/// The message is completed only after the outcome is recorded and the next step scheduled, so a crash anywhere makes the
/// queue deliver it again, and every stage can be repeated safely: the claim in Sends stops a second send, a claim whose
/// worker died is settled by asking the channel, and a recorded outcome is not recorded twice.
/// </remarks>
public sealed class StepDispatcher(
    EnrollmentStore enrollments,
    SequenceStore sequences,
    ContactStore contacts,
    SendClaims claims,
    StepScheduler scheduler,
    StepQueue queue,
    TemplateRenderer templates,
    IEmailChannel email,
    ISmsChannel sms,
    TimeProvider time,
    IOptions<FollowUpOptions> options,
    ILogger<StepDispatcher> logger)
{
    /// <summary>The longest a worker waits for a step that arrived early; a longer wait goes back on the queue.</summary>
    private static readonly TimeSpan MaxEarlyWait = TimeSpan.FromSeconds(5);

    /// <summary>Handles one queue message.</summary>
    /// <param name="body">The message text (already base64-decoded by the trigger).</param>
    /// <param name="dequeueCount">How often the queue has delivered this message, this time included.</param>
    /// <param name="cancellationToken">Cancels the work; the message is then delivered again.</param>
    /// <exception cref="FormatException">The message is not a step message.</exception>
    /// <exception cref="StepNotReadyException">The enrollment is not readable yet; the queue retries.</exception>
    public async Task DispatchAsync(string body, long dequeueCount, CancellationToken cancellationToken)
    {
        var message = StepMessage.Parse(body);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["EnrollmentId"] = message.EnrollmentId,
            ["StepId"] = message.StepId,
            ["DequeueCount"] = dequeueCount,
        });
        while (true)
        {
            var enrollment = await enrollments.GetAsync(message.EnrollmentId, cancellationToken)
                ?? throw new StepNotReadyException($"Enrollment {message.EnrollmentId} does not exist (yet).");
            var index = enrollment.IndexOf(message.StepId);
            if (index < 0 || enrollment.SequenceVersion != message.SequenceVersion)
            {
                logger.LogWarning("Dropped {StepId}: not a step of {EnrollmentId} v{Version}", message.StepId, enrollment.Id, enrollment.SequenceVersion);
                return;
            }

            var step = enrollment.Steps[index];
            if (step.Status is StepStatus.Sent or StepStatus.Failed)
            {
                await EnsureNextScheduledAsync(enrollment, index, cancellationToken);
                return;
            }

            if (enrollment.Status != EnrollmentStatus.Active || index != enrollment.NextStepIndex)
            {
                logger.LogInformation("Not sending {StepId} of {EnrollmentId}: enrollment is {Status} at step {NextStep}",
                    step.Id, enrollment.Id, enrollment.Status, enrollment.NextStep?.Id);
                return;
            }

            var early = step.DueUtc - time.GetUtcNow();
            if (early <= TimeSpan.Zero)
            {
                await ClaimAndSendAsync(enrollment, index, message, cancellationToken);
                return;
            }

            if (early > MaxEarlyWait)
            {
                await queue.EnqueueAsync(message, early, cancellationToken);
                return;
            }

            // Queue delays are whole seconds, so a message can surface just before its step is due: wait, then read again.
            await Task.Delay(early, time, cancellationToken);
        }
    }

    private async Task ClaimAndSendAsync(Enrollment enrollment, int index, StepMessage message, CancellationToken cancellationToken)
    {
        var step = enrollment.Steps[index];
        var key = new SendKey(enrollment.Id, step.Id);
        var lease = options.Value.SendLease;
        var (acquired, claim) = await claims.TryAcquireAsync(key, time.GetUtcNow(), lease, cancellationToken);
        if (!acquired)
        {
            if (claim.Status != ClaimStatus.Sending)
            {
                await RecordAsync(enrollment, index, claim, cancellationToken);
                return;
            }

            var now = time.GetUtcNow();
            if (now < claim.LeaseUntilUtc)
            {
                logger.LogInformation("{StepId} of {EnrollmentId} is being sent by another worker; checking again after its lease", step.Id, enrollment.Id);
                await queue.EnqueueAsync(message, claim.LeaseUntilUtc - now + TimeSpan.FromSeconds(1), cancellationToken);
                return;
            }

            if (await FindSentAsync(step, key, enrollment.ContactId, claim.ClaimedUtc, cancellationToken) is { } providerMessageId)
            {
                logger.LogWarning("{StepId} of {EnrollmentId} had been sent before a crash; recording it without sending again", step.Id, enrollment.Id);
                claim = await claims.CompleteAsync(claim, ClaimStatus.Sent, now, providerMessageId, null, cancellationToken);
                await RecordAsync(enrollment, index, claim, cancellationToken);
                return;
            }

            (acquired, claim) = await claims.TryTakeOverAsync(claim, now, lease, cancellationToken);
            if (!acquired)
            {
                await queue.EnqueueAsync(message, lease, cancellationToken);
                return;
            }
        }

        claim = await SendAsync(enrollment, index, claim, cancellationToken);
        await RecordAsync(enrollment, index, claim, cancellationToken);
    }

    private async Task<SendClaim> SendAsync(Enrollment enrollment, int index, SendClaim claim, CancellationToken cancellationToken)
    {
        var sequence = await sequences.GetAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
        var definition = sequence.Steps[index];
        var contact = await contacts.GetAsync(enrollment.ContactId, cancellationToken)
            ?? throw new InvalidOperationException($"Contact {enrollment.ContactId} of {enrollment.Id} is missing.");
        var model = TemplateModel.Create(contact, enrollment.Data);
        try
        {
            var providerMessageId = definition.Channel switch
            {
                StepChannel.Email when contact.Email is null => null,
                StepChannel.Sms when contact.Phone is null => null,
                StepChannel.Email => await email.SendAsync(await RenderEmailAsync(definition, contact, claim.Key, model), cancellationToken),
                _ => await sms.SendAsync(new OutgoingSms(claim.Key, contact.Phone!, await templates.RenderAsync(definition.Text!, model, html: false)), cancellationToken),
            };
            if (providerMessageId is null)
            {
                var reason = definition.Channel == StepChannel.Email ? "The contact has no email address." : "The contact has no phone number.";
                return await claims.CompleteAsync(claim, ClaimStatus.Skipped, time.GetUtcNow(), null, reason, cancellationToken);
            }

            logger.LogInformation("Sent {StepId} of {EnrollmentId} by {Channel}", definition.Id, enrollment.Id, definition.Channel);
            return await claims.CompleteAsync(claim, ClaimStatus.Sent, time.GetUtcNow(), providerMessageId, null, cancellationToken);
        }
        catch (PermanentSendException exception)
        {
            logger.LogWarning("The provider refused {StepId} of {EnrollmentId}: {Reason}", definition.Id, enrollment.Id, exception.Message);
            return await claims.CompleteAsync(claim, ClaimStatus.Failed, time.GetUtcNow(), null, exception.Message, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The provider may or may not have accepted it: end the lease so the retry asks before sending again.
            await claims.ReleaseAsync(claim, time.GetUtcNow(), CancellationToken.None);
            throw;
        }
    }

    private async Task<OutgoingEmail> RenderEmailAsync(SequenceStep step, Contact contact, SendKey key, TemplateModel model) => new(
        key,
        contact.Email!,
        string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : null,
        (await templates.RenderAsync(step.Subject!, model, html: false)).ReplaceLineEndings(" ").Trim(),
        step.Text is null ? null : await templates.RenderAsync(step.Text, model, html: false),
        step.Html is null ? null : await templates.RenderAsync(step.Html, model, html: true));

    private async Task<string?> FindSentAsync(EnrollmentStep step, SendKey key, string contactId, DateTimeOffset claimedUtc, CancellationToken cancellationToken)
    {
        if (step.Channel == StepChannel.Email)
        {
            return await email.FindSentAsync(key, claimedUtc, cancellationToken);
        }

        var phone = (await contacts.GetAsync(contactId, cancellationToken))?.Phone;
        return phone is null ? null : await sms.FindSentAsync(key, phone, claimedUtc, cancellationToken);
    }

    /// <summary>Records the claim's outcome on the enrollment (as read before the send), then schedules the next step.</summary>
    private async Task RecordAsync(Enrollment enrollment, int index, SendClaim claim, CancellationToken cancellationToken)
    {
        var status = claim.Status switch
        {
            ClaimStatus.Sent => StepStatus.Sent,
            ClaimStatus.Failed => StepStatus.Failed,
            _ => StepStatus.Skipped,
        };
        var updated = await enrollments.UpdateAsync(
            enrollment,
            e => e.RecordOutcome(index, status, claim.CompletedUtc ?? time.GetUtcNow(), claim.ProviderMessageId, claim.Detail),
            cancellationToken);
        if (updated is { } result)
        {
            await EnsureNextScheduledAsync(result.Enrollment, index, cancellationToken);
        }
    }

    /// <summary>Schedules the step after <paramref name="index"/> if it is next and not yet done; repeating this is harmless.</summary>
    private async Task EnsureNextScheduledAsync(Enrollment enrollment, int index, CancellationToken cancellationToken)
    {
        if (enrollment.Status == EnrollmentStatus.Active && enrollment.NextStepIndex == index + 1
            && enrollment.NextStep is { Status: StepStatus.Pending } next)
        {
            await scheduler.ScheduleAsync(new DueEntry(enrollment.Id, next.Id, enrollment.SequenceVersion, next.DueUtc), cancellationToken);
        }
    }
}
