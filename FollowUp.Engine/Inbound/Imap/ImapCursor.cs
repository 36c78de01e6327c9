namespace FollowUp.Engine.Inbound.Imap;

/// <summary>Where reading a mailbox has got to.</summary>
/// <param name="UidValidity">The folder's UIDVALIDITY the UIDs belong to.</param>
/// <param name="LastUid">The highest UID handled, or known to be older than what is still to read.</param>
/// <param name="LastDeliveredUtc">When the last message handled arrived (its INTERNALDATE); null before the first.</param>
/// <param name="LastRunUtc">When the last run ended.</param>
public sealed record ImapCursor(uint UidValidity, uint LastUid, DateTimeOffset? LastDeliveredUtc, DateTimeOffset LastRunUtc);
