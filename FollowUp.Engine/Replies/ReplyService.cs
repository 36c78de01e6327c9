using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Reports;

namespace FollowUp.Engine.Replies;

/// <summary>Counts a contact's reply in the report, and halts the active enrollments of the contact where the sequence stops on reply.</summary>
public sealed class ReplyService(EnrollmentHalter halter, StepFigures figures, TimeProvider time)
{
    /// <summary>The reason recorded on enrollments halted by a reply.</summary>
    public const string HaltReason = "reply";

    /// <summary>Halts every active enrollment of the contact whose sequence stops on reply; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> HaltOnReplyAsync(string contactId, CancellationToken cancellationToken)
    {
        await figures.CountResponseAsync(contactId, ReportMetric.Replied, cancellationToken);
        return await halter.HaltAsync(contactId, stopOn => stopOn.Reply, HaltReason, cancellationToken);
    }

    /// <summary>Halts this one enrollment, if it is active and its sequence stops on reply; returns its id when it was halted.</summary>
    public async Task<IReadOnlyList<string>> HaltOnReplyAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        await figures.CountResponseAsync(enrollment, ReportMetric.Replied, time.GetUtcNow(), cancellationToken);
        return await halter.HaltAsync(enrollment, stopOn => stopOn.Reply, HaltReason, cancellationToken) ? [enrollment.Id] : [];
    }
}
