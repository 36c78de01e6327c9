namespace FollowUp.Engine.Sequences;

/// <summary>The <c>onComplete</c> object of a sequence: the sequence a contact is enrolled into once an enrollment completes.</summary>
/// <param name="Enroll">The id of that sequence.</param>
public sealed record OnCompleteRequest(string? Enroll);
