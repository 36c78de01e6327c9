using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>One sequence of the list: its latest version and its all-time figures.</summary>
public sealed record SequenceRow(Sequence Latest, SequenceTotals Totals);
