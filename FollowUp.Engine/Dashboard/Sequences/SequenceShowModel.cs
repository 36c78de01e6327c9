using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>A sequence's own page: its latest version and its all-time figures.</summary>
public sealed record SequenceShowModel(Sequence Latest, SequenceTotals Totals);
