namespace FollowUp.Engine.Storage;

/// <summary>What a storage request was: its service, the table or queue it named, and its operation.</summary>
/// <param name="Service">Tables or queues.</param>
/// <param name="Resource">The table or queue name; empty for a request to the whole account. Never a key, a query or a signature.</param>
/// <param name="Operation">What the request did.</param>
public readonly record struct StorageRequestKind(StorageService Service, string Resource, StorageOperation Operation);
