using System.Diagnostics;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Scheduling;

/// <summary>The sweep timer's entry point: puts back on the schedule the steps that should have gone out and have not, reading overdue NextDue rows only.</summary>
/// <remarks>
/// A NextDue row older than <see cref="SweeperOptions.Overdue"/> is a candidate; it is stuck when its enrollment is still
/// active with that step next and pending, and the step has neither a due index row nor a send claim. A queued message
/// cannot be looked up, so the threshold stands in for it; a duplicate it lets through is absorbed by the send claim.
/// A stuck step's row is marked swept, and its count of reschedules raised, before the step is scheduled again, so a crash
/// repeats the sweep, and a step that sticks again is put back one threshold later, not at every sweep; the row stays where
/// it is, so the outcome removes it. After <see cref="SweeperOptions.MaxReschedules"/> the step is marked failed instead.
/// A step whose claim says the send ended (a worker died between the send and recording it) has its outcome recorded
/// from the claim by the send path's own recorder (<see cref="StepRecorder"/>), never sent again. A claim still sending is left to the queue's retries.
/// Rows of steps no longer pending are removed. Each sweep first runs a bounded part of the <see cref="NextDueBackfill"/> until it is done.
/// </remarks>
public sealed class StepSweeper(
    NextDueBackfill backfill,
    NextDueIndex nextDue,
    DueIndex dueIndex,
    StepScheduler scheduler,
    EnrollmentStore enrollments,
    SendClaims claims,
    StepRecorder recorder,
    StuckStepHandler stuckSteps,
    TimelineStore timeline,
    TimeProvider time,
    IOptions<FollowUpOptions> options,
    ILogger<StepSweeper> logger)
{
    /// <summary>Checks every overdue NextDue row and reschedules the stuck steps among them.</summary>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var backfilled = await backfill.RunAsync(cancellationToken);
        var cutoff = time.GetUtcNow() - options.Value.Sweeper.Overdue;
        int candidates = 0, rescheduled = 0, cleared = 0, recorded = 0, gaveUp = 0;
        await foreach (var page in nextDue.ReadBeforeAsync(cutoff, cancellationToken))
        {
            foreach (var row in page)
            {
                candidates++;
                switch (await CheckAsync(row, cutoff, cancellationToken))
                {
                    case Verdict.Rescheduled:
                        rescheduled++;
                        break;
                    case Verdict.Cleared:
                        cleared++;
                        break;
                    case Verdict.Recorded:
                        recorded++;
                        break;
                    case Verdict.GaveUp:
                        gaveUp++;
                        break;
                }
            }
        }

        var result = new SweepResult(candidates, rescheduled, cleared, recorded, gaveUp, backfilled, Stopwatch.GetElapsedTime(started));
        if (candidates > 0)
        {
            logger.LogInformation("Sweep checked {Candidates} overdue steps: {Rescheduled} rescheduled, {Cleared} cleared, {Recorded} recorded from their claims, {GaveUp} failed, in {ElapsedMs} ms",
                candidates, rescheduled, cleared, recorded, gaveUp, result.Elapsed.TotalMilliseconds);
        }

        return result;
    }

    private async Task<Verdict> CheckAsync(NextDueEntry row, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (row.SweptUtc > cutoff)
        {
            return Verdict.Waiting;
        }

        var enrollment = await enrollments.GetAsync(row.EnrollmentId, cancellationToken);
        if (enrollment is not { Status: EnrollmentStatus.Active, NextStep: { Status: StepStatus.Pending } step }
            || step.Id != row.StepId || enrollment.SequenceVersion != row.SequenceVersion)
        {
            await nextDue.RemoveAsync(row, cancellationToken);
            return Verdict.Cleared;
        }

        var entry = DueEntry.For(enrollment, step);
        if (entry.DueUtc > cutoff)
        {
            // The step was moved later (a cap, a window) after its row was written: watch it at its new time instead.
            await nextDue.AddAsync(NextDueEntry.For(entry) with { Reschedules = row.Reschedules }, cancellationToken);
            await nextDue.RemoveAsync(row, cancellationToken);
            return Verdict.Waiting;
        }

        if (await dueIndex.ContainsAsync(entry, cancellationToken))
        {
            return Verdict.Waiting;
        }

        switch (await claims.GetAsync(new SendKey(entry.EnrollmentId, entry.StepId), cancellationToken))
        {
            case { Status: ClaimStatus.Sending }:
                return Verdict.Waiting;
            case { } ended:
                logger.LogWarning("{StepId} of {EnrollmentId} ended {Status} at {CompletedUtc}, but a crash kept the outcome from the enrollment; recording it from the send claim",
                    entry.StepId, entry.EnrollmentId, ended.Status, ended.CompletedUtc);
                await recorder.RecordAsync(enrollment, ended, cancellationToken);
                await nextDue.RemoveAsync(row, cancellationToken);
                return Verdict.Recorded;
        }

        if (row.Reschedules >= options.Value.Sweeper.MaxReschedules)
        {
            var failed = await stuckSteps.GiveUpAsync(enrollment, entry, row.Reschedules, cancellationToken);
            await nextDue.RemoveAsync(row, cancellationToken);
            return failed ? Verdict.GaveUp : Verdict.Cleared;
        }

        var now = time.GetUtcNow();
        var overdue = now - entry.DueUtc;
        logger.LogWarning("{StepId} of {EnrollmentId} was due {DueUtc} and is stuck {Overdue} later with nothing to send it; putting it back on the schedule",
            entry.StepId, entry.EnrollmentId, entry.DueUtc, overdue);
        var swept = NextDueEntry.For(entry) with { SweptUtc = now, Reschedules = row.Reschedules + 1 };
        await nextDue.AddAsync(swept, cancellationToken);
        if (swept.PartitionKey != row.PartitionKey)
        {
            await nextDue.RemoveAsync(row, cancellationToken);
        }
        await timeline.AddAsync(entry.EnrollmentId, new TimelineEvent(now, TimelineEventKind.Rescheduled, entry.StepId,
            $"Was due {entry.DueUtc:u} but had not gone out {overdue:g} later, with nothing scheduled to send it; put back on the schedule."), cancellationToken);
        await scheduler.RescheduleAsync(entry, cancellationToken);
        return Verdict.Rescheduled;
    }

    private enum Verdict
    {
        Waiting,
        Rescheduled,
        Cleared,
        Recorded,
        GaveUp,
    }
}
