using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>What the form that enrolls a contact by hand shows: the sequences, what was typed, and why it was refused.</summary>
/// <param name="Sequences">The sequences to choose from.</param>
/// <param name="Form">What was typed (empty at first).</param>
/// <param name="Errors">Errors by field, named as the API names them (<c>contact.email</c>); null when none.</param>
/// <param name="Problem">What went wrong that names no field; null when nothing did.</param>
/// <param name="ExistingEnrollmentId">The enrollment that stands in the way of this one, when the sequence's re-enroll rule refused it.</param>
public sealed record NewEnrollmentModel(IReadOnlyList<Sequence> Sequences, NewEnrollmentForm Form, IReadOnlyDictionary<string, string[]>? Errors, string? Problem, string? ExistingEnrollmentId);
