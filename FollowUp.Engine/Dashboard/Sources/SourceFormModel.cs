namespace FollowUp.Engine.Dashboard.Sources;

/// <summary>What the new-source form shows.</summary>
/// <param name="Setup">The kind of source being added.</param>
/// <param name="Sequences">The sequences a source may enroll into: id and name.</param>
/// <param name="Values">What to fill the fields with.</param>
/// <param name="Errors">The validator's errors by field of this form; null before a post.</param>
/// <param name="Addresses">Where deliveries will go.</param>
public sealed record SourceFormModel(
    SourceSetup Setup,
    IReadOnlyList<KeyValuePair<string, string>> Sequences,
    SourceFormValues Values,
    IReadOnlyDictionary<string, string[]>? Errors,
    SourceAddresses Addresses);
