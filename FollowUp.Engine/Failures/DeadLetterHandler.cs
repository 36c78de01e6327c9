using FollowUp.Engine.Channels;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Failures;

/// <summary>The poison queue's entry point: marks the step of a dead-lettered message failed, on its timeline and in the failures list.</summary>
/// <remarks>
/// The enrollment stays at the failed step, so that nothing after it goes out of order and a replay picks up from there.
/// Handling the same dead letter twice records it once: the step is marked only while it is pending, and the list holds
/// one entry per step. A step whose claim says it was sent is never marked failed.
/// </remarks>
public sealed class DeadLetterHandler(EnrollmentStore enrollments, SendClaims claims, FailedStepStore failures, TimelineStore timeline, FollowUpStorage storage, TimeProvider time, ILogger<DeadLetterHandler> logger)
{
    /// <summary>Deliveries of a step message before the Functions host dead-letters it: <c>extensions:queues:maxDequeueCount</c> in host.json.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>How the detail of a dead-lettered step begins, which tells it from a step that failed for good.</summary>
    public const string DeadLetterPrefix = "Dead-lettered:";

    /// <summary>Handles one message of <c>followups-poison</c>.</summary>
    /// <param name="body">The dead-lettered step message.</param>
    /// <param name="dequeueCount">How often the step queue delivered it before it was dead-lettered.</param>
    /// <param name="cancellationToken">Cancels the work; the poison queue then delivers the message again.</param>
    /// <remarks>A dead letter that a newer FollowUp wrote, or whose enrollment it wrote (<see cref="NewerStorageFormatException"/>),
    /// goes back on the poison queue as it came, for <see cref="StepDispatcher.NewerFormatWait"/>, until a newer worker takes it.</remarks>
    public async Task HandleAsync(string body, long dequeueCount, CancellationToken cancellationToken)
    {
        try
        {
            StepMessage message;
            try
            {
                message = StepMessage.Parse(body);
            }
            catch (FormatException)
            {
                logger.LogError("Dropped a dead letter that is not a step message");
                return;
            }

            await HandleAsync(message, dequeueCount, cancellationToken);
        }
        catch (NewerStorageFormatException exception)
        {
            logger.LogError(exception, "A dead letter needs a newer FollowUp ({Document} v{Version}); put back for {Wait}", exception.Document, exception.Version, StepDispatcher.NewerFormatWait);
            await storage.StepPoisonQueue.SendMessageAsync(body, StepDispatcher.NewerFormatWait, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
        }
    }

    private async Task HandleAsync(StepMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        if (message.IsDeliveryCheck)
        {
            logger.LogWarning("Dropped the dead-lettered delivery check of {StepId} of {EnrollmentId}; the step was sent", message.StepId, message.EnrollmentId);
            return;
        }

        var claim = await claims.GetAsync(new SendKey(message.EnrollmentId, message.StepId), cancellationToken);
        if (claim is { Status: ClaimStatus.Sent })
        {
            logger.LogWarning("{StepId} of {EnrollmentId} was dead-lettered after it was sent; not marking it failed", message.StepId, message.EnrollmentId);
            return;
        }

        var now = time.GetUtcNow();
        var reason = Reason(dequeueCount, claim);
        var updated = await enrollments.UpdateAsync(message.EnrollmentId, e => MarkFailed(e, message, reason), cancellationToken);
        var step = updated is { } stored && stored.Enrollment.IndexOf(message.StepId) is >= 0 and var index ? stored.Enrollment.Steps[index] : null;
        if (step is not { Status: StepStatus.Failed, Detail: { } detail } || !detail.StartsWith(DeadLetterPrefix, StringComparison.Ordinal))
        {
            logger.LogWarning("Dropped the dead letter of {StepId} of {EnrollmentId}: the step is not pending", message.StepId, message.EnrollmentId);
            return;
        }

        if (updated is { Changed: true })
        {
            await timeline.AddAsync(message.EnrollmentId, new TimelineEvent(now, TimelineEventKind.Failed, message.StepId, reason), cancellationToken);
        }

        await failures.AddAsync(new FailedStep(message.EnrollmentId, message.StepId, now, dequeueCount, detail, FailureKind.DeadLettered), cancellationToken);
        logger.LogError("{StepId} of {EnrollmentId} failed after {DequeueCount} deliveries and waits for a replay", message.StepId, message.EnrollmentId, dequeueCount);
    }

    /// <summary>Marks the step failed while it is the enrollment's pending next step; the enrollment stays at it.</summary>
    private static bool MarkFailed(Enrollment enrollment, StepMessage message, string reason)
    {
        var index = enrollment.IndexOf(message.StepId);
        if (index < 0 || enrollment.SequenceVersion != message.SequenceVersion || enrollment.Status != EnrollmentStatus.Active
            || enrollment.NextStepIndex != index || enrollment.Steps[index].Status != StepStatus.Pending)
        {
            return false;
        }

        enrollment.Steps[index].Status = StepStatus.Failed;
        enrollment.Steps[index].Detail = reason;
        return true;
    }

    private static string Reason(long dequeueCount, SendClaim? claim) =>
        $"{DeadLetterPrefix} {dequeueCount} deliveries of its queue message failed, so it was set aside until it is replayed; " + claim switch
        {
            null => "no send was attempted.",
            { Status: ClaimStatus.Sending } => "a send was attempted and its outcome is unknown, so a replay asks the provider before sending.",
            _ => $"the send ended {claim.Status.ToString().ToLowerInvariant()}: {claim.Detail}",
        };
}
