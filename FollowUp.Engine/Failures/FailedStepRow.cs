using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Failures;

/// <summary>A row of the FailedSteps table: PartitionKey = <see cref="Partition"/>, RowKey = <c>at_…</c> (the entry) or <c>key_…</c> (its index, with <see cref="AtKey"/>).</summary>
public sealed class FailedStepRow : TableRow
{
    /// <summary>The one partition.</summary>
    public const string Partition = "dead";

    /// <summary>A row with its fixed key.</summary>
    public FailedStepRow() => PartitionKey = Partition;

    /// <summary>The enrollment of the step.</summary>
    public string EnrollmentId { get; set; } = "";

    /// <summary>The step.</summary>
    public string StepId { get; set; } = "";

    /// <summary>When it failed.</summary>
    public DateTimeOffset FailedUtc { get; set; }

    /// <summary>How often its queue message was delivered.</summary>
    public long DequeueCount { get; set; }

    /// <summary>Why it failed.</summary>
    public string Reason { get; set; } = "";

    /// <summary>The <see cref="FailureKind"/> by name; null on rows written before kinds were kept.</summary>
    public string? Kind { get; set; }

    /// <summary>On an index row, the row key of its entry; null on the entry.</summary>
    public string? AtKey { get; set; }

    /// <summary>The row of <paramref name="failed"/> under <paramref name="rowKey"/>.</summary>
    public static FailedStepRow From(FailedStep failed, string rowKey) => new()
    {
        RowKey = rowKey,
        EnrollmentId = failed.EnrollmentId,
        StepId = failed.StepId,
        FailedUtc = failed.FailedUtc,
        DequeueCount = failed.DequeueCount,
        Reason = failed.Reason,
        Kind = failed.Kind.ToString(),
    };

    /// <summary>The failed step this row holds; a row without a known kind is a dead letter.</summary>
    public FailedStep ToFailedStep() =>
        new(EnrollmentId, StepId, FailedUtc, DequeueCount, Reason, Enum.TryParse<FailureKind>(Kind, out var kind) ? kind : FailureKind.DeadLettered);
}
