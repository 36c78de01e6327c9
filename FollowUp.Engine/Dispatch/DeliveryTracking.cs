using FollowUp.Engine.Channels;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Dispatch;

/// <summary>Follows sent messages to their final outcome and records it on the step.</summary>
/// <remarks>
/// A provider that must be asked (<see cref="IDeliveryTracker"/>) is asked by a delivery-check message on the step queue,
/// with growing delays until it answers; a provider that calls back (Twilio) reports through <see cref="RecordAsync"/>.
/// </remarks>
public sealed class DeliveryTracking(EnrollmentStore enrollments, StepFigures figures, TimelineStore timeline, StepQueue queue, IEmailChannel email, ISmsChannel sms, TimeProvider time, ILogger<DeliveryTracking> logger)
{
    /// <summary>The wait between a send and the first check; later checks follow <see cref="RetryPolicy.DeliveryChecks"/>.</summary>
    private static readonly TimeSpan FirstCheckDelay = TimeSpan.FromSeconds(5);

    /// <summary>Whether sends on this channel are followed by delivery checks.</summary>
    public bool IsTracked(StepChannel channel) => TrackerOf(channel) is not null;

    /// <summary>Queues the first delivery check of a sent step.</summary>
    public Task ScheduleCheckAsync(StepMessage message, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(message.FirstDeliveryCheck(), FirstCheckDelay, cancellationToken);

    /// <summary>Handles a delivery-check message: asks the provider, records a final answer, or asks again later.</summary>
    public async Task CheckAsync(StepMessage message, CancellationToken cancellationToken)
    {
        var enrollment = await enrollments.GetAsync(message.EnrollmentId, cancellationToken);
        var index = enrollment?.IndexOf(message.StepId) ?? -1;
        if (index < 0 || enrollment!.Steps[index] is not { Status: StepStatus.Sent, ProviderMessageId: { } providerMessageId, Delivery: null } step
            || TrackerOf(step.Channel) is not { } tracker)
        {
            return;
        }

        DeliveryReport? report;
        try
        {
            report = await tracker.GetDeliveryAsync(providerMessageId, cancellationToken);
        }
        catch (ProviderUnavailableException exception)
        {
            logger.LogWarning("Could not ask the provider about {StepId} of {EnrollmentId}: {Reason}", step.Id, enrollment.Id, exception.Message);
            report = null;
        }

        if (report is not null)
        {
            await RecordAsync(enrollment.Id, step.Id, providerMessageId, report, cancellationToken);
            return;
        }

        var checks = (message.Attempt ?? 0) + 1;
        if (!RetryPolicy.DeliveryChecks.CanRetry(checks))
        {
            logger.LogWarning("Gave up asking how {StepId} of {EnrollmentId} ended after {Checks} checks", step.Id, enrollment.Id, checks);
            return;
        }

        await queue.EnqueueAsync(message.NextDeliveryCheck(checks), RetryPolicy.DeliveryChecks.DelayAfter(checks), cancellationToken);
    }

    /// <summary>Records a provider's report on the step it is about.</summary>
    /// <returns>False when the enrollment, the step or the message is unknown.</returns>
    public async Task<bool> RecordAsync(string enrollmentId, string stepId, string providerMessageId, DeliveryReport report, CancellationToken cancellationToken)
    {
        var updated = await enrollments.UpdateAsync(
            enrollmentId,
            e => e.RecordDelivery(stepId, providerMessageId, report, time.GetUtcNow()),
            cancellationToken);
        if (updated is not { } result || (!result.Changed && result.Enrollment.Steps.FirstOrDefault(s => s.Id == stepId)?.ProviderMessageId != providerMessageId))
        {
            return false;
        }

        await figures.CountDeliveryAsync(result.Enrollment, stepId, cancellationToken);
        if (result.Changed)
        {
            logger.LogInformation("{StepId} of {EnrollmentId}: the provider reports {Delivery}", stepId, enrollmentId, report.Status);
            await timeline.AddAsync(enrollmentId, new TimelineEvent(time.GetUtcNow(), TimelineEventKind.Delivered, stepId, report.Detail is null ? report.Status : $"{report.Status}: {report.Detail}"), cancellationToken);
        }

        return true;
    }

    private IDeliveryTracker? TrackerOf(StepChannel channel) => (channel == StepChannel.Email ? email : (object)sms) as IDeliveryTracker;
}
