using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>How the dashboard names a contact in a list: the name, and the address with most of it hidden, so a screen seen over a shoulder gives no address away.</summary>
/// <param name="Name">First and last name, or null when the contact has none.</param>
/// <param name="Address">The email address (else the phone) masked: <c>a••@example.com</c>, <c>+44•••••••456</c>; null when the contact is gone.</param>
public sealed record ContactLabel(string? Name, string? Address)
{
    private const char Hidden = '•';

    /// <summary>The label of <paramref name="contact"/>; a contact that is gone (erased) is "Erased contact".</summary>
    public static ContactLabel Of(Contact? contact) => contact is null
        ? new ContactLabel(null, null)
        : new ContactLabel(NameOf(contact), contact.Email is { } email ? MaskEmail(email) : contact.Phone is { } phone ? MaskPhone(phone) : null);

    /// <summary>What a list shows first: the name, else the masked address.</summary>
    public string Display => Name ?? Address ?? "Erased contact";

    /// <summary>The first and last name, or null when both are blank.</summary>
    public static string? NameOf(Contact contact) =>
        string.Join(" ", new[] { contact.FirstName, contact.LastName }.Where(part => !string.IsNullOrWhiteSpace(part)).Select(part => part!.Trim())) is { Length: > 0 } name ? name : null;

    /// <summary>The first letter of the mailbox and the whole domain: <c>ann@example.com</c> → <c>a••@example.com</c>.</summary>
    public static string MaskEmail(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? new string(Hidden, 3) : email[0] + new string(Hidden, Math.Clamp(at - 1, 2, 6)) + email[at..];
    }

    /// <summary>The country code's first digits and the last three: <c>+447911123456</c> → <c>+44•••••••456</c>.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length <= 6 ? new string(Hidden, phone.Length) : phone[..3] + new string(Hidden, phone.Length - 6) + phone[^3..];
}
