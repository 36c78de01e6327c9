namespace FollowUp.Engine.Storage;

/// <summary>How many requests of one kind were sent, and how many of them got an error status or no answer.</summary>
/// <param name="Requests">Every request sent, each retry included: each is one billed transaction.</param>
/// <param name="Failed">Those answered with status 400 or above (a missing entity, a refused insert, a lost ETag race) or not at all.</param>
public readonly record struct StorageRequestCount(long Requests, long Failed);
