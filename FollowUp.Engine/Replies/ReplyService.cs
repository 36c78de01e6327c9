using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Replies;

/// <summary>Halts the active enrollments of a contact who replied, where the sequence stops on reply.</summary>
public sealed class ReplyService(EnrollmentStore enrollments, SequenceStore sequences, TimeProvider time, ILogger<ReplyService> logger)
{
    /// <summary>The reason recorded on enrollments halted by a reply.</summary>
    public const string HaltReason = "reply";

    /// <summary>Halts every active enrollment of the contact whose sequence stops on reply; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> HaltOnReplyAsync(string contactId, CancellationToken cancellationToken)
    {
        var halted = new List<string>();
        foreach (var enrollment in await enrollments.ListAsync(contactId, cancellationToken))
        {
            if (enrollment.Status != EnrollmentStatus.Active)
            {
                continue;
            }

            var sequence = await sequences.GetAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
            if (!sequence.StopOn.Reply)
            {
                continue;
            }

            var now = time.GetUtcNow();
            var result = await enrollments.UpdateAsync(enrollment.Id, e => e.Halt(HaltReason, now), cancellationToken);
            if (result is { Changed: true })
            {
                halted.Add(enrollment.Id);
                logger.LogInformation("Halted {EnrollmentId} of {SequenceId}: the contact replied", enrollment.Id, enrollment.SequenceId);
            }
        }

        return halted;
    }
}
