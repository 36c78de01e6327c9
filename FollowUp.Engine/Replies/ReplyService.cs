using FollowUp.Engine.Enrollments;

namespace FollowUp.Engine.Replies;

/// <summary>Halts the active enrollments of a contact who replied, where the sequence stops on reply.</summary>
public sealed class ReplyService(EnrollmentHalter halter)
{
    /// <summary>The reason recorded on enrollments halted by a reply.</summary>
    public const string HaltReason = "reply";

    /// <summary>Halts every active enrollment of the contact whose sequence stops on reply; returns their ids.</summary>
    public Task<IReadOnlyList<string>> HaltOnReplyAsync(string contactId, CancellationToken cancellationToken) =>
        halter.HaltAsync(contactId, stopOn => stopOn.Reply, HaltReason, cancellationToken);

    /// <summary>Halts this one enrollment, if it is active and its sequence stops on reply; returns its id when it was halted.</summary>
    public async Task<IReadOnlyList<string>> HaltOnReplyAsync(Enrollment enrollment, CancellationToken cancellationToken) =>
        await halter.HaltAsync(enrollment, stopOn => stopOn.Reply, HaltReason, cancellationToken) ? [enrollment.Id] : [];
}
