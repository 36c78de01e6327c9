using FollowUp.Engine.Inbound.Imap;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Http;

/// <summary>The handler of the keyed <c>GET /api/health/detail</c>: queue depths, the oldest overdue step, the provider configuration, and the IMAP reader's place and the messages it passed over.</summary>
/// <remarks>Settings are reported by provider name, rate limits and whether they are set; no setting's value, address or secret is in the answer.</remarks>
public sealed class HealthDetailEndpoint(
    FollowUpStorage storage,
    NextDueIndex nextDue,
    SendRateLimits limits,
    ImapCursorStore imap,
    TimeProvider time,
    IOptions<FollowUpOptions> options,
    ILogger<HealthDetailEndpoint> logger)
{
    /// <summary>Reads the queues and the NextDue index; 503 when storage does not answer.</summary>
    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var queue = await storage.StepQueue.GetPropertiesAsync(timeout.Token);
            var poison = await storage.StepPoisonQueue.GetPropertiesAsync(timeout.Token);
            var now = time.GetUtcNow();
            var oldest = await nextDue.OldestBeforeAsync(now, timeout.Token);
            var settings = options.Value;
            var mailbox = settings.Imap.IsConfigured ? ImapCursorStore.MailboxKey(settings.Imap) : null;
            var cursor = mailbox is null ? null : await imap.GetAsync(mailbox, timeout.Token);
            var skipped = mailbox is null ? null : await imap.GetSkippedAsync(mailbox, timeout.Token);
            return FollowUpJson.Result(new
            {
                status = "healthy",
                queue = new { name = storage.StepQueue.Name, approximateMessages = queue.Value.ApproximateMessagesCount },
                poisonQueue = new { name = storage.StepPoisonQueue.Name, approximateMessages = poison.Value.ApproximateMessagesCount },
                oldestOverdueStep = oldest is null ? null : new
                {
                    enrollmentId = oldest.EnrollmentId,
                    stepId = oldest.StepId,
                    dueUtc = oldest.DueUtc,
                    overdueSeconds = (long)(now - oldest.DueUtc).TotalSeconds,
                },
                providers = new
                {
                    email = new { provider = settings.Email.Provider.ToString().ToLowerInvariant(), rateLimits = Describe(StepChannel.Email) },
                    sms = new { provider = settings.Sms.Provider.ToString().ToLowerInvariant(), rateLimits = Describe(StepChannel.Sms) },
                    publicBaseUrlSet = settings.PublicBaseUrl is not null,
                    signingKeySet = !string.IsNullOrWhiteSpace(settings.SigningKey),
                },
                imap = mailbox is null ? null : new
                {
                    lastRunUtc = cursor?.LastRunUtc,
                    skippedMessages = skipped?.Count ?? 0,
                    lastSkipped = skipped is null ? null : new { uidValidity = skipped.LastUidValidity, uid = skipped.LastUid, skippedUtc = skipped.LastSkippedUtc, error = skipped.LastError },
                },
            });
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            logger.LogWarning(exception, "Storage did not answer the detailed health check");
            return Problems.Unavailable("Storage does not answer.");
        }
    }

    private string[] Describe(StepChannel channel) => [.. limits.For(channel).Select(limit => limit.ToString())];
}
