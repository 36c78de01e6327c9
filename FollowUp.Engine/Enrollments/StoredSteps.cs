namespace FollowUp.Engine.Enrollments;

/// <summary>The stored form of an enrollment's steps (the Enrollments table's <c>Steps</c>): an object, so that it carries a format version.</summary>
/// <remarks>Rows written before versions were kept hold the bare array of steps; <see cref="EnrollmentStore"/> reads both.</remarks>
public sealed record StoredSteps(IReadOnlyList<EnrollmentStep> Steps);
