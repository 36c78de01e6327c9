using System.Net.Mail;
using FollowUp.Engine.Http;
using FollowUp.Engine.Timing;
using PhoneNumbers;

namespace FollowUp.Engine.Contacts;

/// <summary>Validates and normalises contact fields: email addresses, E.164 phone numbers and IANA time zones.</summary>
public static class ContactValidator
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Validates <paramref name="request"/>, naming fields under <paramref name="path"/>; returns the normalised contact without an id.</summary>
    public static ContactRequest? Validate(ContactRequest? request, string path, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add(path, "A contact with an email or a phone is required.");
            return null;
        }

        var before = errors.Count;
        var email = string.IsNullOrWhiteSpace(request.Email) ? null : NormaliseEmail(request.Email);
        if (request.Email is not null && email is null)
        {
            errors.Add($"{path}.email", "This is not a valid email address.");
        }

        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : NormalisePhone(request.Phone);
        if (request.Phone is not null && phone is null)
        {
            errors.Add($"{path}.phone", "Use a valid phone number in E.164 form, such as +14155550123.");
        }

        if (request.Email is null && request.Phone is null)
        {
            errors.Add(path, "An email or a phone is required.");
        }

        if (request.TimeZone is not null && !IsIanaTimeZone(request.TimeZone))
        {
            errors.Add($"{path}.timeZone", $"'{request.TimeZone}' is not an IANA time zone id, such as Europe/Paris.");
        }

        CheckName(request.FirstName, $"{path}.firstName", errors);
        CheckName(request.LastName, $"{path}.lastName", errors);
        return errors.Count == before
            ? new ContactRequest(email, phone, request.FirstName?.Trim(), request.LastName?.Trim(), request.TimeZone)
            : null;
    }

    /// <summary>Returns the lower-cased address, or null when it is not a plain valid address.</summary>
    public static string? NormaliseEmail(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > 254 || !MailAddress.TryCreate(trimmed, out var address)
            || !string.Equals(address.Address, trimmed, StringComparison.Ordinal)
            || !address.Host.Contains('.', StringComparison.Ordinal) || address.Host.EndsWith('.'))
        {
            return null;
        }

        return trimmed.ToLowerInvariant();
    }

    /// <summary>Returns the number if it is a valid E.164 number, or null.</summary>
    public static string? NormalisePhone(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.StartsWith('+'))
        {
            return null;
        }

        try
        {
            var number = Phones.Parse(trimmed, null);
            var e164 = Phones.Format(number, PhoneNumberFormat.E164);
            return Phones.IsValidNumber(number) && e164 == trimmed ? e164 : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>Whether the id names a zone of the IANA time zone database, as NodaTime carries it (the same on every machine).</summary>
    public static bool IsIanaTimeZone(string id) => SendPlanner.Zone(id) is not null;

    private static void CheckName(string? name, string field, ValidationErrors errors)
    {
        if (name is { Length: > 100 })
        {
            errors.Add(field, "Use at most 100 characters.");
        }
    }
}
