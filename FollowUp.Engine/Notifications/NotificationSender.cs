using FollowUp.Engine.Channels;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Sequences;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FollowUp.Engine.Notifications;

/// <summary>Sends a stored notification through the configured channels, each part under a send claim of its own, and marks it done.</summary>
/// <remarks>
/// Each part (one email per address, and the text) is claimed in the Sends table under the key (notification id,
/// <c>email-N</c> or <c>sms</c>), so that the webhook, its redelivery and <see cref="SendPendingAsync"/> never send a part
/// twice: a claim left by a crash is settled as the dispatcher settles one, by asking the channel whether it sent.
/// Parts share the channels' rate limits with the steps but never count toward a contact's cap, carry no tracking
/// and no unsubscribe link. A part whose rate-limit slot is further off than the caller may wait gives its claim back
/// and stays pending for the next sweep.
/// </remarks>
public sealed class NotificationSender(
    NotificationStore store,
    SendClaims claims,
    SendRateLimiter limiter,
    IEmailChannel email,
    ISmsChannel sms,
    IOptions<FollowUpOptions> options,
    TimeProvider time,
    ILogger<NotificationSender> logger)
{
    /// <summary>The file name of the attached original message.</summary>
    public const string OriginalFileName = "original.eml";

    /// <summary>The most notifications one sweep sends.</summary>
    public const int MaxPerSweep = 100;

    /// <summary>How long a sweep waits for a part's rate-limit slot before leaving it for the next sweep.</summary>
    public static readonly TimeSpan SweepWait = TimeSpan.FromMinutes(1);

    /// <summary>Sends every part not yet sent; true when the notification is done.</summary>
    /// <param name="notification">The stored notification.</param>
    /// <param name="maxWait">How long to wait for a rate-limit slot before leaving the part for a later sweep.</param>
    /// <param name="cancellationToken">Cancels the sending.</param>
    public async Task<bool> DeliverAsync(Notification notification, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var done = true;
        for (var i = 0; i < notification.EmailTo.Count; i++)
        {
            done &= await SendPartAsync(EmailOf(notification, i), null, maxWait, cancellationToken);
        }

        if (notification.SmsTo is { } phone)
        {
            done &= await SendPartAsync(null, new OutgoingSms(new SendKey(notification.Id, "sms"), phone, notification.SmsText), maxWait, cancellationToken);
        }

        if (done)
        {
            await store.MarkDoneAsync(notification.Id, time.GetUtcNow(), cancellationToken);
        }

        return done;
    }

    /// <summary>Sends the notifications left pending by a crash, an outage or a rate limit; returns how many it finished.</summary>
    /// <remarks>One failing notification is logged and left for the next sweep; it does not hold up the others.</remarks>
    public async Task<int> SendPendingAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        foreach (var notification in await store.ListPendingAsync(MaxPerSweep, cancellationToken))
        {
            try
            {
                finished += await DeliverAsync(notification, SweepWait, cancellationToken) ? 1 : 0;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Notification {NotificationId} is left for the next sweep", notification.Id);
            }
        }

        if (finished > 0)
        {
            logger.LogInformation("Sent {Count} pending notifications", finished);
        }

        return finished;
    }

    /// <summary>The email of one notification address: to the business, Reply-To the person who wrote, with the original attached.</summary>
    private OutgoingEmail EmailOf(Notification notification, int index)
    {
        var attachments = notification.Original is { } original ? new[] { new EmailAttachment(OriginalFileName, "message/rfc822", original) } : null;
        var replyTo = notification.ReplyTo ?? MailboxAddress.Parse(options.Value.Email.From).Address;
        return new OutgoingEmail(new SendKey(notification.Id, $"email-{index}"), notification.EmailTo[index], null, notification.Subject, notification.Text, notification.Html,
            ReplyTo: replyTo, Attachments: attachments, AutoSubmitted: true);
    }

    /// <summary>Sends one part under its claim; true when it is settled (sent, or failed for good), false when it is left for later.</summary>
    private async Task<bool> SendPartAsync(OutgoingEmail? mail, OutgoingSms? text, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var key = mail?.Key ?? text!.Key;
        var channel = mail is null ? StepChannel.Sms : StepChannel.Email;
        var lease = options.Value.SendLease;
        var now = time.GetUtcNow();
        var (acquired, claim) = await claims.TryAcquireAsync(key, now, lease, cancellationToken);
        if (!acquired)
        {
            if (claim.Status != ClaimStatus.Sending)
            {
                return true;
            }

            if (now < claim.LeaseUntilUtc)
            {
                return false;
            }

            var found = mail is not null
                ? await email.FindSentAsync(mail, claim.ClaimedUtc, cancellationToken)
                : await sms.FindSentAsync(text!, claim.ClaimedUtc, cancellationToken);
            if (found is not null)
            {
                logger.LogWarning("Notification {NotificationId} part {Part} had been sent before a crash; recording it without sending again", key.EnrollmentId, key.StepId);
                return await claims.CompleteAsync(claim, ClaimStatus.Sent, now, found, null, cancellationToken) is not null;
            }

            (acquired, claim) = await claims.TryTakeOverAsync(claim, now, lease, cancellationToken);
            if (!acquired)
            {
                return false;
            }
        }

        var slot = await limiter.ReserveAsync(channel, text?.Segments ?? 1, cancellationToken);
        var wait = slot - time.GetUtcNow();
        if (wait > maxWait)
        {
            logger.LogInformation("Notification {NotificationId} part {Part} waits {Wait} for its rate-limit slot; left for the next sweep", key.EnrollmentId, key.StepId, wait);
            await claims.ReleaseAsync(claim, time.GetUtcNow(), cancellationToken);
            return false;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        var heartbeat = SendClaimHeartbeat.Start(claims, claim, lease, time, logger);
        try
        {
            SendResult result;
            try
            {
                result = mail is not null ? await SendEmailAsync(mail with { FirstSentUtc = claim.FirstSentUtc }, cancellationToken) : await sms.SendAsync(text!, cancellationToken);
            }
            finally
            {
                await heartbeat.StopAsync();
                claim = heartbeat.Claim;
            }

            switch (result.Kind)
            {
                case SendResultKind.Sent:
                    logger.LogInformation("Sent notification {NotificationId} part {Part}", key.EnrollmentId, key.StepId);
                    await claims.CompleteAsync(claim, ClaimStatus.Sent, time.GetUtcNow(), result.ProviderMessageId, null, cancellationToken);
                    return true;
                case SendResultKind.Refused or SendResultKind.OptedOut:
                    logger.LogWarning("The provider refused notification {NotificationId} part {Part}: {Reason}", key.EnrollmentId, key.StepId, result.Reason);
                    await claims.CompleteAsync(claim, ClaimStatus.Failed, time.GetUtcNow(), null, result.Reason, cancellationToken);
                    return true;
                case SendResultKind.Throttled:
                    // A throttled retry may follow an attempt whose answer was lost: end the lease, keeping the claim and its first-sent
                    // time, so that the next sweep asks the provider before it repeats the same request.
                    await claims.ReleaseAsync(claim, time.GetUtcNow(), CancellationToken.None);
                    await limiter.PauseAsync(channel, time.GetUtcNow() + (result.RetryAfter ?? TimeSpan.FromMinutes(1)), cancellationToken);
                    return false;
                default:
                    // The provider may or may not have accepted it: end the lease so that the next attempt asks before sending again.
                    logger.LogWarning("Notification {NotificationId} part {Part} failed ({Reason}); the next sweep asks the provider and tries again", key.EnrollmentId, key.StepId, result.Reason);
                    await claims.ReleaseAsync(claim, time.GetUtcNow(), CancellationToken.None);
                    return false;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The provider may or may not have accepted it: end the lease so that the next attempt asks before sending again.
            logger.LogWarning(exception, "Notification {NotificationId} part {Part} failed; the next sweep asks the provider and tries again", key.EnrollmentId, key.StepId);
            await claims.ReleaseAsync(claim, time.GetUtcNow(), CancellationToken.None);
            return false;
        }
    }

    /// <summary>Sends the email; when the provider refuses it for good with the original attached (a provider may not take <c>message/rfc822</c>), sends it once more without.</summary>
    private async Task<SendResult> SendEmailAsync(OutgoingEmail mail, CancellationToken cancellationToken)
    {
        var result = await email.SendAsync(mail, cancellationToken);
        if (result.Kind != SendResultKind.Refused || mail.Attachments is not { Count: > 0 })
        {
            return result;
        }

        logger.LogWarning("The provider refused notification {NotificationId} with the original attached ({Reason}); sending it without", mail.Key.EnrollmentId, result.Reason);
        return await email.SendAsync(mail with { Attachments = null }, cancellationToken);
    }
}
