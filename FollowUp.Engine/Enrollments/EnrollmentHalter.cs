using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Enrollments;

/// <summary>Halts a contact's active enrollments whose sequence says it stops on what happened (a reply, an event).</summary>
public sealed class EnrollmentHalter(EnrollmentStore enrollments, SequenceStore sequences, StepFigures figures, TimeProvider time, ILogger<EnrollmentHalter> logger)
{
    /// <summary>Halts every active enrollment of the contact whose sequence <paramref name="stops"/>; returns their ids.</summary>
    /// <param name="contactId">The contact.</param>
    /// <param name="stops">Whether the version of the sequence an enrollment follows stops on this.</param>
    /// <param name="reason">The halt reason recorded on each enrollment (<c>reply</c>, <c>event:order_placed</c>).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<IReadOnlyList<string>> HaltAsync(string contactId, Func<StopRules, bool> stops, string reason, CancellationToken cancellationToken)
    {
        var halted = new List<string>();
        foreach (var enrollment in await enrollments.ListAsync(contactId, cancellationToken))
        {
            if (await HaltAsync(enrollment, stops, reason, cancellationToken))
            {
                halted.Add(enrollment.Id);
            }
        }

        return halted;
    }

    /// <summary>Halts this one enrollment if it is active and the version of the sequence it follows <paramref name="stops"/>.</summary>
    /// <returns>False when it was not halted.</returns>
    /// <param name="enrollment">The enrollment, as read.</param>
    /// <param name="stops">Whether the version of the sequence it follows stops on this.</param>
    /// <param name="reason">The halt reason recorded.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="response">A response of the contact that causes the halt (<see cref="ReportMetric.Replied"/>), counted with the halt in one transaction when it halts; null for none.</param>
    public async Task<bool> HaltAsync(Enrollment enrollment, Func<StopRules, bool> stops, string reason, CancellationToken cancellationToken, string? response = null)
    {
        if (enrollment.Status != EnrollmentStatus.Active)
        {
            return false;
        }

        var sequence = await sequences.GetAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
        return stops(sequence.StopOn) && await HaltAsync(await enrollments.UpdateAsync(enrollment, e => e.Halt(reason, time.GetUtcNow()), cancellationToken, e => Halted(e, reason, null)), reason, response, cancellationToken);
    }

    /// <summary>Halts one enrollment if it is active, and records why on its timeline.</summary>
    /// <returns>False when it was not active (or does not exist).</returns>
    public Task<bool> HaltAsync(string enrollmentId, string reason, CancellationToken cancellationToken) =>
        HaltAsync(enrollmentId, reason, null, cancellationToken);

    /// <summary>Halts one enrollment if it is active, and records why, and who asked (<paramref name="by"/>, when a person did), on its timeline.</summary>
    /// <returns>False when it was not active (or does not exist).</returns>
    public async Task<bool> HaltAsync(string enrollmentId, string reason, string? by, CancellationToken cancellationToken) =>
        await HaltAsync(await enrollments.UpdateAsync(enrollmentId, e => e.Halt(reason, time.GetUtcNow()), cancellationToken, e => Halted(e, reason, by)), reason, null, cancellationToken);

    /// <summary>Counts a halt that an enrollment update answered; its timeline event was written with it.</summary>
    /// <returns>False when the enrollment was not halted by this update (or does not exist).</returns>
    private async Task<bool> HaltAsync((Enrollment Enrollment, bool Changed)? result, string reason, string? response, CancellationToken cancellationToken)
    {
        if (result is not { } halted)
        {
            return false;
        }

        // Counted also when a repeat finds it halted already, in case the first try died before counting.
        await (response is null
            ? figures.CountEndedAsync(halted.Enrollment, cancellationToken)
            : figures.CountEndedWithResponseAsync(halted.Enrollment, response, halted.Enrollment.EndedUtc ?? time.GetUtcNow(), cancellationToken));
        if (!halted.Changed)
        {
            return false;
        }

        logger.LogInformation("Halted {EnrollmentId} of {SequenceId}: {HaltReason}", halted.Enrollment.Id, halted.Enrollment.SequenceId, reason);
        return true;
    }

    /// <summary>The timeline event of a halt, and who asked (<paramref name="by"/>, when a person did).</summary>
    private static TimelineEvent[] Halted(Enrollment enrollment, string reason, string? by) =>
        [new(enrollment.EndedUtc!.Value, TimelineEventKind.Halted, null, by is null ? $"Halted: {reason}." : $"Halted: {reason}, by {by}.")];
}
