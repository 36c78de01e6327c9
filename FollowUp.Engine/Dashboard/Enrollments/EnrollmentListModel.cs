using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>What the list of enrollments shows: the filters, one page of enrollments, and the link to the next page.</summary>
/// <param name="Sequences">Every sequence, for the filter.</param>
/// <param name="Sequence">The sequence listed; null when there is none yet.</param>
/// <param name="Status">The status listed, or null for every status.</param>
/// <param name="Rows">The page.</param>
/// <param name="Next">The address of the next page, or null on the last.</param>
public sealed record EnrollmentListModel(IReadOnlyList<Sequence> Sequences, Sequence? Sequence, EnrollmentStatus? Status, IReadOnlyList<EnrollmentRow> Rows, string? Next);
