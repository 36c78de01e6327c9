using FollowUp.Engine.Enrollments;

namespace FollowUp.Engine.Reports;

/// <summary>Counts what happens to enrollments, once each, on the step it is attributed to: the one call each place where something happens makes.</summary>
/// <remarks>
/// Every method may be called again for the same thing (a redelivered message, a repeated webhook, a retry after a crash):
/// each count is made once by its fact in <see cref="FigureStore"/>. A reply, an unsubscribe or a conversion is attributed to
/// the last step sent to the enrollment before it, and its delay from that send goes into the step's <see cref="ResponseTimes"/>.
/// A reply or an unsubscribe of a contact counts for each of the contact's enrollments that is active or ended less than
/// <see cref="ResponseWindow"/> ago and has sent a step; one with no step sent before it counts nowhere.
/// </remarks>
public sealed class StepFigures(FigureStore store, EnrollmentStore enrollments, TimeProvider time)
{
    /// <summary>How long after an enrollment ended a reply or unsubscribe of its contact is still attributed to it.</summary>
    public static readonly TimeSpan ResponseWindow = TimeSpan.FromDays(30);

    /// <summary>Counts a new enrollment in its sequence version.</summary>
    public Task CountEnrolledAsync(Enrollment enrollment, CancellationToken cancellationToken) =>
        CountAsync(enrollment, ReportMetric.SequenceStep, ReportMetric.Enrolled, [ReportMetric.Enrolled], enrollment.EnrolledUtc, cancellationToken);

    /// <summary>Counts the recorded outcome of step <paramref name="index"/> (sent, failed or skipped with its reason), and the enrollment's end if it has ended; the dispatcher calls this after every outcome and on every redelivery.</summary>
    public async Task CountStepAsync(Enrollment enrollment, int index, CancellationToken cancellationToken)
    {
        if (index == 0)
        {
            // Also here, so that an enrollment whose request died between storing it and counting it is counted by its first step.
            await CountEnrolledAsync(enrollment, cancellationToken);
        }

        var step = enrollment.Steps[index];
        string[]? columns = step.Status switch
        {
            Enrollments.StepStatus.Sent => [ReportMetric.Sent],
            Enrollments.StepStatus.Failed => [ReportMetric.Failed],
            Enrollments.StepStatus.Skipped => [ReportMetric.Skipped, ReportMetric.SkippedColumn(ReportMetric.SkipReason(step.Detail))],
            _ => null,
        };
        if (columns is not null)
        {
            await CountAsync(enrollment, step.Id, ReportMetric.OutcomeFact, columns, step.SentUtc ?? time.GetUtcNow(), cancellationToken);
        }

        await CountEndedAsync(enrollment, cancellationToken);
    }

    /// <summary>Counts the enrollment's end, completed or halted, if it has ended.</summary>
    public Task CountEndedAsync(Enrollment enrollment, CancellationToken cancellationToken) =>
        Ended(enrollment) is { } ended ? store.CountAsync(ended, cancellationToken) : Task.CompletedTask;

    /// <summary>Counts the enrollment's end (if it has ended) and a response of its contact (<see cref="ReportMetric.Replied"/>, on the last step sent before <paramref name="atUtc"/>) together: one transaction, since both are facts of one enrollment.</summary>
    public Task CountEndedWithResponseAsync(Enrollment enrollment, string metric, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        List<ReportCount> counts = [];
        if (LastSentBefore(enrollment, atUtc) is { } step)
        {
            counts.Add(Response(enrollment, step, metric, atUtc));
        }

        if (Ended(enrollment) is { } ended)
        {
            counts.Add(ended);
        }

        return counts.Count == 0 ? Task.CompletedTask : store.CountTogetherAsync(counts, cancellationToken);
    }

    private ReportCount? Ended(Enrollment enrollment) => enrollment.Status switch
    {
        EnrollmentStatus.Completed => Of(enrollment, ReportMetric.SequenceStep, ReportMetric.EndedFact, [ReportMetric.Completed], enrollment.EndedUtc ?? time.GetUtcNow()),
        EnrollmentStatus.Halted => Of(enrollment, ReportMetric.SequenceStep, ReportMetric.EndedFact, [ReportMetric.Halted], enrollment.EndedUtc ?? time.GetUtcNow()),
        _ => null,
    };

    /// <summary>Counts the provider's delivery report recorded on the step: delivered, or bounced when it failed.</summary>
    public Task CountDeliveryAsync(Enrollment enrollment, string stepId, CancellationToken cancellationToken)
    {
        var step = enrollment.Steps.FirstOrDefault(s => s.Id == stepId);
        var metric = step?.Delivery switch
        {
            "delivered" or "succeeded" => ReportMetric.Delivered,
            "failed" or "undelivered" => ReportMetric.Bounced,
            _ => null,
        };
        return metric is null ? Task.CompletedTask : CountAsync(enrollment, step!.Id, metric, [metric], step.DeliveryUtc ?? time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Counts a bounce that came back by email on the last step sent to the enrollment.</summary>
    public Task CountBounceAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return LastSentBefore(enrollment, now) is { } step
            ? CountAsync(enrollment, step.Id, ReportMetric.Bounced, [ReportMetric.Bounced], now, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Counts a response of the contact (<see cref="ReportMetric.Replied"/> or <see cref="ReportMetric.Unsubscribed"/>) on each of its enrollments it is attributed to; nothing for an unknown (null) contact.</summary>
    public async Task CountResponseAsync(string? contactId, string metric, CancellationToken cancellationToken)
    {
        if (contactId is not null)
        {
            await CountResponseAsync(await enrollments.ListAsync(contactId, cancellationToken), metric, cancellationToken);
        }
    }

    /// <summary>Counts a response of a contact whose enrollments the caller has read, on each of them it is attributed to.</summary>
    public async Task CountResponseAsync(IEnumerable<Enrollment> contactEnrollments, string metric, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var enrollment in contactEnrollments)
        {
            if (enrollment.Status == EnrollmentStatus.Active || enrollment.EndedUtc >= now - ResponseWindow)
            {
                await CountResponseAsync(enrollment, metric, now, cancellationToken);
            }
        }
    }

    /// <summary>Counts a response on one enrollment, on the last step sent to it before <paramref name="atUtc"/>.</summary>
    public Task CountResponseAsync(Enrollment enrollment, string metric, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        LastSentBefore(enrollment, atUtc) is { } step ? CountResponseAsync(enrollment, step, metric, atUtc, cancellationToken) : Task.CompletedTask;

    /// <summary>Counts the conversions of the contact: its enrollments halted by this event, on the last step sent before the halt.</summary>
    /// <param name="contactId">The contact that raised the event.</param>
    /// <param name="haltReason">The halt reason of the event (<c>event:order_placed</c>).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task CountConversionsAsync(string contactId, string haltReason, CancellationToken cancellationToken)
    {
        foreach (var enrollment in await enrollments.ListAsync(contactId, cancellationToken))
        {
            if (enrollment is { Status: EnrollmentStatus.Halted, EndedUtc: { } at } && enrollment.HaltReason == haltReason)
            {
                await CountResponseAsync(enrollment, ReportMetric.Converted, at, cancellationToken);
            }
        }
    }

    /// <summary>Counts a person's click on a tracked link of the step, once per enrollment and step; the click recorder calls this for the first human click.</summary>
    public Task CountClickAsync(Enrollment enrollment, string stepId, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        enrollment.Steps.FirstOrDefault(s => s.Id == stepId) is { SentUtc: not null } step
            ? CountResponseAsync(enrollment, step, ReportMetric.Clicked, atUtc, cancellationToken)
            : Task.CompletedTask;

    private Task CountResponseAsync(Enrollment enrollment, EnrollmentStep step, string metric, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        store.CountAsync(Response(enrollment, step, metric, atUtc), cancellationToken);

    private static ReportCount Response(Enrollment enrollment, EnrollmentStep step, string metric, DateTimeOffset atUtc) =>
        Of(enrollment, step.Id, metric, [metric, ResponseTimes.Column(metric, ResponseTimes.BucketOf(atUtc - step.SentUtc!.Value))], atUtc);

    private static EnrollmentStep? LastSentBefore(Enrollment enrollment, DateTimeOffset atUtc) =>
        enrollment.Steps.Where(s => s.Status == Enrollments.StepStatus.Sent && s.SentUtc <= atUtc).MaxBy(s => s.SentUtc);

    private Task CountAsync(Enrollment enrollment, string stepId, string fact, IReadOnlyList<string> columns, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        store.CountAsync(Of(enrollment, stepId, fact, columns, atUtc), cancellationToken);

    private static ReportCount Of(Enrollment enrollment, string stepId, string fact, IReadOnlyList<string> columns, DateTimeOffset atUtc) =>
        new(enrollment.SequenceId, enrollment.SequenceVersion, stepId, VariantOf(enrollment, stepId), enrollment.Id, fact, columns, atUtc);

    /// <summary>The variant of the step the enrollment got, as its step records it; null for a step without variants.</summary>
    private static string? VariantOf(Enrollment enrollment, string stepId) => enrollment.Steps.FirstOrDefault(s => s.Id == stepId)?.Variant;
}
