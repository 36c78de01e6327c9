namespace FollowUp.Engine.Inbound.Imap;

/// <summary>The messages of a mailbox the reader passed over after the pipeline kept failing on them: how many, and the last one.</summary>
/// <param name="Count">How many messages were passed over.</param>
/// <param name="LastUidValidity">The UIDVALIDITY of the last one's UID.</param>
/// <param name="LastUid">The last one's UID, by which an operator finds it in the mailbox.</param>
/// <param name="LastSkippedUtc">When the last one was passed over.</param>
/// <param name="LastError">The type of the error the pipeline last failed with; never its message, which may hold an address.</param>
public sealed record ImapSkipped(long Count, uint LastUidValidity, uint LastUid, DateTimeOffset LastSkippedUtc, string LastError);
