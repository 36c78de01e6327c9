namespace FollowUp.Engine.Reports;

/// <summary>The report of one sequence version: its enrollments and each step's figures, all-time or for a range of days.</summary>
/// <param name="SequenceId">The sequence.</param>
/// <param name="Version">The version reported.</param>
/// <param name="TimeZone">The IANA time zone the days are in.</param>
/// <param name="From">The first day counted, or null for all time.</param>
/// <param name="To">The last day counted, or null for all time.</param>
/// <param name="Enrollments">Enrolled, completed and halted in the range; active (all-time reports only) is enrolled minus ended.</param>
/// <param name="Steps">Each step's figures, in the sequence's order.</param>
public sealed record SequenceReport(string SequenceId, int Version, string TimeZone, DateOnly? From, DateOnly? To, IReadOnlyDictionary<string, long?> Enrollments, IReadOnlyList<StepReport> Steps);
