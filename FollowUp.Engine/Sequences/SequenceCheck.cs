namespace FollowUp.Engine.Sequences;

/// <summary>What checking a sequence before it is saved found: the definition to save, or the errors by field and the status that goes with them.</summary>
/// <param name="Definition">The valid definition (version 0 until saved), or null when it is invalid.</param>
/// <param name="Errors">The errors by field, as the validator names them (<c>steps[1].subject</c>); empty when valid.</param>
/// <param name="Status">400 for invalid fields, 422 for a template that fails when rendered or an <c>onComplete</c> chain that cannot work; 200 when valid.</param>
public sealed record SequenceCheck(Sequence? Definition, IReadOnlyDictionary<string, string[]> Errors, int Status)
{
    /// <summary>A check that found one problem.</summary>
    public static SequenceCheck Failed(string field, string message, int status) =>
        new(null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] }, status);
}
