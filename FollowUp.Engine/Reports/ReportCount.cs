namespace FollowUp.Engine.Reports;

/// <summary>One thing to count once: the fact that names it, and the counter columns it adds one to.</summary>
/// <param name="SequenceId">The sequence.</param>
/// <param name="Version">The version the enrollment follows.</param>
/// <param name="StepId">The step it is attributed to, or <see cref="ReportMetric.SequenceStep"/>.</param>
/// <param name="Variant">The step's variant, or null.</param>
/// <param name="EnrollmentId">The enrollment it happened to.</param>
/// <param name="Fact">What makes it count once per enrollment and step (a metric, or <see cref="ReportMetric.OutcomeFact"/>).</param>
/// <param name="Columns">The counter columns that go up by one.</param>
/// <param name="AtUtc">When it happened, which picks the hour row.</param>
public sealed record ReportCount(string SequenceId, int Version, string StepId, string? Variant, string EnrollmentId, string Fact, IReadOnlyList<string> Columns, DateTimeOffset AtUtc);
