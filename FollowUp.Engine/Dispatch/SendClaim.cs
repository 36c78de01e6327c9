using Azure;
using FollowUp.Engine.Channels;

namespace FollowUp.Engine.Dispatch;

/// <summary>The claim on one send: the row that makes a step go out at most once.</summary>
/// <param name="Key">The enrollment and step.</param>
/// <param name="Status">Where the send stands.</param>
/// <param name="ClaimedUtc">When the current holder claimed it.</param>
/// <param name="LeaseUntilUtc">Until when the holder alone may send; afterwards the outcome counts as unknown.</param>
/// <param name="ProviderMessageId">The provider's id, once sent.</param>
/// <param name="Detail">Why it failed or was skipped.</param>
/// <param name="CompletedUtc">When the send ended.</param>
/// <param name="ETag">The stored version.</param>
/// <param name="FirstSentUtc">When the attempt that every retry repeats began, in whole seconds; a provider that deduplicates repeated requests (ACS) is given it unchanged.</param>
public sealed record SendClaim(
    SendKey Key,
    ClaimStatus Status,
    DateTimeOffset ClaimedUtc,
    DateTimeOffset LeaseUntilUtc,
    string? ProviderMessageId,
    string? Detail,
    DateTimeOffset? CompletedUtc,
    ETag ETag,
    DateTimeOffset FirstSentUtc);
