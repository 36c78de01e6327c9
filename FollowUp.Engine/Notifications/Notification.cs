namespace FollowUp.Engine.Notifications;

/// <summary>A notification to the business, stored before it is sent so that it goes out exactly once.</summary>
/// <param name="Id">Made from what the notification is about (the inbound message's identity), so that a repeat finds it.</param>
/// <param name="Kind"><c>reply</c>, <c>unmatched</c>, <c>conversion</c> or <c>optOut</c>.</param>
/// <param name="ContactId">The contact it is about, or null for unmatched mail.</param>
/// <param name="AddressKey">The hashed address of the person who wrote (<see cref="Contacts.AddressKey"/>), so that an erasure finds it; null when unknown.</param>
/// <param name="EnrollmentId">The enrollment it is about, or null.</param>
/// <param name="EmailTo">The business's addresses that receive the email; empty for none.</param>
/// <param name="ReplyTo">The address pressing Reply answers: the contact's.</param>
/// <param name="Subject">The email's subject.</param>
/// <param name="Text">The email's text part.</param>
/// <param name="Html">The email's HTML part.</param>
/// <param name="Original">The inbound email as a <c>message/rfc822</c> attachment, or null.</param>
/// <param name="SmsTo">The business's phone that is texted, or null.</param>
/// <param name="SmsText">The text message.</param>
/// <param name="CreatedUtc">When it was recorded.</param>
/// <param name="Done">Whether every part was sent or failed for good.</param>
public sealed record Notification(
    string Id,
    string Kind,
    string? ContactId,
    string? AddressKey,
    string? EnrollmentId,
    IReadOnlyList<string> EmailTo,
    string? ReplyTo,
    string Subject,
    string Text,
    string Html,
    byte[]? Original,
    string? SmsTo,
    string SmsText,
    DateTimeOffset CreatedUtc,
    bool Done = false);
