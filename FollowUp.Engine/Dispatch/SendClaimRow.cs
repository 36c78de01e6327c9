using FollowUp.Engine.Channels;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Dispatch;

/// <summary>A row of the Sends table: partition key the enrollment (or notification) id, row key the step (or part) id; one <see cref="SendClaim"/>.</summary>
public sealed class SendClaimRow : TableRow
{
    /// <summary>The <see cref="ClaimStatus"/>, by name.</summary>
    public string Status { get; set; } = nameof(ClaimStatus.Sending);

    /// <summary>When the current holder claimed the send.</summary>
    public DateTimeOffset ClaimedUtc { get; set; }

    /// <summary>Until when the holder alone may send.</summary>
    public DateTimeOffset LeaseUntilUtc { get; set; }

    /// <summary>When the attempt every retry repeats began; missing in rows from before it was kept.</summary>
    public DateTimeOffset? FirstSentUtc { get; set; }

    /// <summary>The provider's id, once sent.</summary>
    public string? ProviderMessageId { get; set; }

    /// <summary>Why the send failed or was skipped.</summary>
    public string? Detail { get; set; }

    /// <summary>When the send ended.</summary>
    public DateTimeOffset? CompletedUtc { get; set; }

    /// <summary>The row of <paramref name="claim"/>.</summary>
    public static SendClaimRow From(SendClaim claim) => new()
    {
        PartitionKey = claim.Key.EnrollmentId,
        RowKey = claim.Key.StepId,
        Status = claim.Status.ToString(),
        ClaimedUtc = claim.ClaimedUtc,
        LeaseUntilUtc = claim.LeaseUntilUtc,
        FirstSentUtc = claim.FirstSentUtc,
        ProviderMessageId = claim.ProviderMessageId,
        Detail = claim.Detail,
        CompletedUtc = claim.CompletedUtc,
    };

    /// <summary>The claim this row holds; a row from before first-sent times were kept repeats its claim time, in whole seconds.</summary>
    public SendClaim ToClaim() => new(
        new SendKey(PartitionKey, RowKey),
        Enum.Parse<ClaimStatus>(Status),
        ClaimedUtc,
        LeaseUntilUtc,
        ProviderMessageId,
        Detail,
        CompletedUtc,
        ETag,
        FirstSentUtc ?? SendClaims.WholeSeconds(ClaimedUtc));
}
