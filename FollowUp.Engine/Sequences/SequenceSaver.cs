using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sequences;

/// <summary>Checks and saves a sequence as a new version: what <c>PUT /api/sequences/{id}</c> and the dashboard's editor both do.</summary>
public sealed class SequenceSaver(SequenceStore store, SequenceValidator validator, EnrollmentMover mover, TimeProvider time)
{
    /// <summary>Checks <paramref name="body"/> as the sequence <paramref name="id"/>: every field (400), the size it takes to store (400), each template rendered for a sample contact (422) and the <c>onComplete</c> chain (422).</summary>
    public async Task<SequenceCheck> CheckAsync(string id, SequenceRequest body, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var definition = validator.Validate(id, body, time.GetUtcNow(), errors);
        if (definition is null)
        {
            return new SequenceCheck(null, errors.ToDictionary().AsReadOnly(), StatusCodes.Status400BadRequest);
        }

        if (!SequenceStore.Fits(definition))
        {
            return SequenceCheck.Failed("steps", FormattableString.Invariant($"The sequence is too long to store: at most {SequenceStore.MaxDefinitionLength:N0} characters as JSON, where a control character counts six and an emoji twelve."), StatusCodes.Status400BadRequest);
        }

        if (validator.FirstRenderFailure(definition) is { } failure)
        {
            return SequenceCheck.Failed(failure.Field, failure.Reason, StatusCodes.Status422UnprocessableEntity);
        }

        return await OnCompleteProblemAsync(definition, cancellationToken)
            ?? new SequenceCheck(definition, new Dictionary<string, string[]>(), StatusCodes.Status200OK);
    }

    /// <summary>Stores a checked definition as the next version (or answers the latest when nothing changed) and, when <paramref name="moveEnrollments"/>, moves the active enrollments on older versions to it.</summary>
    /// <returns>The version saved and how many enrollments moved to it.</returns>
    public async Task<(Sequence Saved, int Moved)> SaveAsync(Sequence definition, bool moveEnrollments, CancellationToken cancellationToken)
    {
        var saved = await store.SaveAsync(definition, cancellationToken);
        var moved = moveEnrollments ? await mover.MoveAllAsync(saved, cancellationToken) : 0;
        return (saved, moved);
    }

    /// <summary>Follows the <c>onComplete</c> chain from <paramref name="definition"/>: a problem when its first sequence does not exist or the chain comes back to it.</summary>
    /// <remarks>A missing sequence further along is not this request's fault; enrolling into it is refused, and recorded, when it happens.</remarks>
    private async Task<SequenceCheck?> OnCompleteProblemAsync(Sequence definition, CancellationToken cancellationToken)
    {
        var chain = new List<string> { definition.Id };
        for (var next = definition.OnCompleteEnroll; next is not null;)
        {
            chain.Add(next);
            if (next == definition.Id || chain.Count > SequenceValidator.MaxChainLength)
            {
                return SequenceCheck.Failed("onComplete.enroll", $"The chain {string.Join(" → ", chain)} leads back to '{definition.Id}', so a contact would go round it for ever.", StatusCodes.Status422UnprocessableEntity);
            }

            var sequence = await store.GetLatestAsync(next, cancellationToken);
            if (sequence is null && chain.Count == 2)
            {
                return SequenceCheck.Failed("onComplete.enroll", $"There is no sequence '{next}'; save it first.", StatusCodes.Status422UnprocessableEntity);
            }

            next = sequence?.OnCompleteEnroll;
        }

        return null;
    }
}
