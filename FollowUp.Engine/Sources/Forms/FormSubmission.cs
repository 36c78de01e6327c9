using System.Text.Json;
using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>What a form submission says: the contact from the fields the source maps, the other fields as data, and whether the honeypot is filled.</summary>
/// <param name="Contact">The contact, not yet validated; blank fields are left out.</param>
/// <param name="Data">Every other field but the honeypot and CAPTCHA tokens, under the name it was sent with: a string, or an array of strings for a repeated field.</param>
/// <param name="HoneypotFilled">Whether the honeypot field holds anything but white space.</param>
public sealed record FormSubmission(ContactRequest Contact, JsonElement Data, bool HoneypotFilled)
{
    /// <summary>Reads <paramref name="fields"/> as <paramref name="settings"/> map them; the contact and honeypot field names match regardless of case.</summary>
    public static FormSubmission Read(IReadOnlyList<KeyValuePair<string, string>> fields, FormSettings settings)
    {
        var names = settings.Fields;
        string? ValueOf(string name) => fields
            .Where(field => field.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(field => field.Value.Trim())
            .FirstOrDefault(value => value.Length > 0);

        var (firstName, lastName) = (ValueOf(names.FirstName), ValueOf(names.LastName));
        if (firstName is null && lastName is null)
        {
            (firstName, lastName) = ContactNames.Split(ValueOf(names.Name));
        }

        var contact = new ContactRequest(ValueOf(names.Email), ValueOf(names.Phone), firstName, lastName, null);
        var honeypotFilled = !string.IsNullOrWhiteSpace(settings.Honeypot) && ValueOf(settings.Honeypot) is not null;
        string[] notData = [names.Email, names.Phone, names.Name, names.FirstName, names.LastName, settings.Honeypot, .. CaptchaVerifier.TokenFields];
        var data = fields
            .Where(field => !notData.Contains(field.Key, StringComparer.OrdinalIgnoreCase))
            .GroupBy(field => field.Key, field => field.Value, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count() == 1 ? (object)group.First() : group.ToArray(), StringComparer.Ordinal);
        return new FormSubmission(contact, JsonSerializer.SerializeToElement(data), honeypotFilled);
    }
}
