namespace FollowUp.Engine.Inbound.Imap;

/// <summary>The message the inbound pipeline last failed on, and how many runs in a row it failed.</summary>
/// <param name="UidValidity">The folder's UIDVALIDITY the UID belongs to.</param>
/// <param name="Uid">The message's UID.</param>
/// <param name="Attempts">How many runs failed on it.</param>
public sealed record ImapFailure(uint UidValidity, uint Uid, int Attempts);
