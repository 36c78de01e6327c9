using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Dashboard.Contacts;

/// <summary>What the contact page shows.</summary>
/// <param name="Contact">The contact.</param>
/// <param name="LocalNow">The time now where the contact is, when their time zone is known.</param>
/// <param name="DefaultTimeZone">The zone used for contacts that give none.</param>
/// <param name="Consents">Whether each channel may be used.</param>
/// <param name="Enrollments">The contact's enrollments, newest first.</param>
/// <param name="Errors">The errors of a refused form, by field; null when there are none.</param>
public sealed record ContactModel(
    Contact Contact,
    string? LocalNow,
    string DefaultTimeZone,
    IReadOnlyList<ChannelConsent> Consents,
    IReadOnlyList<ContactEnrollmentRow> Enrollments,
    IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>The name to show: first and last name, or the address when there is none.</summary>
    public string Name => string.Join(' ', new[] { Contact.FirstName, Contact.LastName }.Where(part => !string.IsNullOrWhiteSpace(part))) is { Length: > 0 } name
        ? name
        : Contact.Email ?? Contact.Phone ?? "Unnamed contact";
}
