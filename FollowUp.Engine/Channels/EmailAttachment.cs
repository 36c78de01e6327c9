namespace FollowUp.Engine.Channels;

/// <summary>A file attached to an outgoing email.</summary>
/// <param name="FileName">The name the recipient sees.</param>
/// <param name="ContentType">The MIME type, such as <c>message/rfc822</c>.</param>
/// <param name="Content">The file's bytes.</param>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);
