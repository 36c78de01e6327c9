namespace FollowUp.Engine.Unsubscribe;

/// <summary>Whom an unsubscribe link belongs to: the contact the email went to, and the key of the address it went to.</summary>
/// <param name="ContactId">The contact, whose enrollments record the unsubscribe.</param>
/// <param name="AddressKey">The <see cref="Contacts.AddressKey"/> of the email address that is suppressed.</param>
public sealed record UnsubscribeRecipient(string ContactId, string AddressKey);
