using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Notifications;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Replies;

/// <summary>Counts a contact's reply in the report, halts the active enrollments of the contact where the sequence stops on reply, and records the reply in <see cref="RecentReplies"/>.</summary>
public sealed class ReplyService(EnrollmentHalter halter, EnrollmentStore enrollments, SequenceStore sequences, RecentReplies recent, ReplyNotifier notifier, StepFigures figures, TimeProvider time)
{
    /// <summary>The reason recorded on enrollments halted by a reply.</summary>
    public const string HaltReason = "reply";

    /// <summary>Halts every active enrollment of the contact whose sequence stops on reply; returns their ids.</summary>
    public Task<IReadOnlyList<string>> HaltOnReplyAsync(string contactId, CancellationToken cancellationToken) =>
        HaltOnReplyAsync(contactId, null, null, cancellationToken);

    /// <summary>Halts every active enrollment of the contact whose sequence stops on reply, then records <paramref name="reply"/> (when given) in <see cref="RecentReplies"/>; returns the halted ids.</summary>
    /// <param name="contactId">The contact who wrote.</param>
    /// <param name="reply">What is known of the reply; null to record nothing.</param>
    /// <param name="matchedEnrollmentId">The enrollment the reply was matched to, if any, which it answers.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <remarks>The contact's enrollments are read once, for the count, the halt and the record alike: recording costs one write.</remarks>
    public async Task<IReadOnlyList<string>> HaltOnReplyAsync(string contactId, IncomingReply? reply, string? matchedEnrollmentId, CancellationToken cancellationToken)
    {
        var contactEnrollments = await enrollments.ListAsync(contactId, cancellationToken);
        var halted = new List<string>();
        foreach (var enrollment in contactEnrollments)
        {
            // A halt counts the reply with itself, in one transaction; any other enrollment it is attributed to counts it alone.
            if (await halter.HaltAsync(enrollment, stopOn => stopOn.Reply, HaltReason, cancellationToken, ReportMetric.Replied))
            {
                halted.Add(enrollment.Id);
            }
            else
            {
                await figures.CountResponseAsync([enrollment], ReportMetric.Replied, cancellationToken);
            }
        }

        if (reply is not null)
        {
            var answered = contactEnrollments.FirstOrDefault(e => e.Id == matchedEnrollmentId)
                ?? contactEnrollments.OrderByDescending(LastSentUtc).ThenByDescending(e => e.EnrolledUtc).FirstOrDefault();
            await RecordAsync(contactId, reply, answered, halted.Count, cancellationToken);
        }

        return halted;
    }

    /// <summary>Halts this one enrollment, if it is active and its sequence stops on reply; returns its id when it was halted.</summary>
    public Task<IReadOnlyList<string>> HaltOnReplyAsync(Enrollment enrollment, CancellationToken cancellationToken) =>
        HaltOnReplyAsync(enrollment, null, cancellationToken);

    /// <summary>Halts this one enrollment, if it is active and its sequence stops on reply, then records <paramref name="reply"/> (when given) as an answer to it; returns its id when it was halted.</summary>
    public async Task<IReadOnlyList<string>> HaltOnReplyAsync(Enrollment enrollment, IncomingReply? reply, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> halted = await halter.HaltAsync(enrollment, stopOn => stopOn.Reply, HaltReason, cancellationToken, ReportMetric.Replied) ? [enrollment.Id] : [];
        if (halted.Count == 0)
        {
            await figures.CountResponseAsync(enrollment, ReportMetric.Replied, time.GetUtcNow(), cancellationToken);
        }

        if (reply is not null)
        {
            await RecordAsync(enrollment.ContactId, reply, enrollment, halted.Count, cancellationToken);
        }

        return halted;
    }

    /// <summary>Writes the reply's row: the enrollment and last step it answers, and what was done.</summary>
    private async Task RecordAsync(string contactId, IncomingReply reply, Enrollment? answered, int halted, CancellationToken cancellationToken)
    {
        var step = answered?.Steps.Where(s => s.SentUtc is not null).MaxBy(s => s.SentUtc);
        var sequence = answered is null ? null : await sequences.FindAsync(answered.SequenceId, answered.SequenceVersion, cancellationToken);
        var notified = reply.NotifiesBusiness && notifier.Notifies(sequence);
        await recent.AddAsync(time.GetUtcNow(), contactId, reply, answered?.Id, answered?.SequenceId, step?.Id, halted, notified, cancellationToken);
    }

    private static DateTimeOffset LastSentUtc(Enrollment enrollment) =>
        enrollment.Steps.Max(s => s.SentUtc) ?? DateTimeOffset.MinValue;
}
