using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>Reads what an enrollment's page shows: the enrollment, its contact, its sequence version, its timeline, and why each step goes when it does.</summary>
/// <remarks>The send times are explained by the same <see cref="SendSchedule.Explain"/> that <c>GET /api/enrollments/{id}</c> and the sequence preview use.</remarks>
public sealed class EnrollmentDetailReader(EnrollmentStore enrollments, ContactStore contacts, SequenceStore sequences, DueIndex dueIndex, TimelineStore timeline, SendPlanner planner, FailedStepStore failures)
{
    private const int TitleLength = 60;

    /// <summary>The model of enrollment <paramref name="enrollmentId"/>'s page, or null when there is no such enrollment.</summary>
    public async Task<EnrollmentModel?> ReadAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        if (await enrollments.GetAsync(enrollmentId, cancellationToken) is not { } enrollment)
        {
            return null;
        }

        var contactTask = contacts.GetAsync(enrollment.ContactId, cancellationToken);
        var timelineTask = timeline.ListAsync(enrollment.Id, cancellationToken);
        var sequence = await sequences.FindAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
        var schedule = await planner.ForAsync(enrollment, cancellationToken);
        var next = enrollment.NextStep;
        var nextIsQueued = enrollment.Status == EnrollmentStatus.Active && next is { Status: StepStatus.Pending }
            && !await dueIndex.ContainsAsync(DueEntry.For(enrollment, next), cancellationToken);
        var replayable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var failed in enrollment.Steps.Where(s => s.Status == StepStatus.Failed))
        {
            if (await failures.FindAsync(enrollment.Id, failed.Id, cancellationToken) is not null)
            {
                replayable.Add(failed.Id);
            }
        }

        var steps = enrollment.Steps.Select(step =>
        {
            var waiting = step.Status == StepStatus.Pending && enrollment.Status == EnrollmentStatus.Active;
            var explanation = waiting ? schedule.ForStep(step.Id).Explain(step.DueUtc, step.SendUtc, step.Channel).Explanation : null;
            return new EnrollmentStepRow(
                step.Id,
                Title(sequence?.Steps.FirstOrDefault(s => s.Id == step.Id), step.Variant),
                step.Channel,
                nextIsQueued && ReferenceEquals(step, next) ? StepStatus.Queued : step.Status,
                step.DueUtc,
                step.SendUtc,
                step.SentUtc,
                waiting && step.SendUtc > step.DueUtc ? HeldBy(explanation!) : null,
                explanation,
                step.Detail,
                step.Delivery,
                step.DeliveryDetail,
                step.DeliveryUtc,
                step.Variant,
                replayable.Contains(step.Id));
        }).ToList();

        return new EnrollmentModel(
            enrollment.Id,
            ContactLabel.Of(await contactTask),
            enrollment.ContactTimeZone,
            enrollment.SequenceId,
            sequence?.Name ?? enrollment.SequenceId,
            enrollment.SequenceVersion,
            enrollment.Status,
            enrollment.HaltReason,
            enrollment.EnrolledUtc,
            enrollment.EndedUtc,
            steps,
            await timelineTask);
    }

    /// <summary>What held a step back, in a few words, read from the explanation <see cref="SendSchedule.Explain"/> gave.</summary>
    private static string HeldBy(string explanation) =>
        explanation.Contains("on the holiday", StringComparison.Ordinal) ? "holiday"
        : explanation.Contains("outside the window", StringComparison.Ordinal) ? "send window"
        : explanation.Contains("quiet hours", StringComparison.Ordinal) ? "quiet hours for texts"
        : "after the step ahead of it, a cap or a wait";

    /// <summary>The step's subject (of its variant, when it has one), else the start of its text.</summary>
    private static string? Title(SequenceStep? definition, string? variant)
    {
        if (definition is null)
        {
            return null;
        }

        var shown = variant is not null && definition.Variants.Any(v => v.Id == variant) ? definition.AsVariant(variant) : definition;
        var text = shown.Subject ?? shown.Text;
        return text is null ? null : text.Length <= TitleLength ? text : text[..TitleLength].TrimEnd() + "…";
    }
}
