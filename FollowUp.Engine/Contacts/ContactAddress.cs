namespace FollowUp.Engine.Contacts;

/// <summary>Reads an email address or a phone number as a person types it to look a contact up.</summary>
public static class ContactAddress
{
    /// <summary>The normalised email address (when <paramref name="text"/> holds an <c>@</c>) or E.164 phone number it gives; both null when it is neither.</summary>
    public static (string? Email, string? Phone) Parse(string text) =>
        text.Contains('@', StringComparison.Ordinal)
            ? (ContactValidator.NormaliseEmail(text.Trim()), null)
            : (null, ContactValidator.NormalisePhone(CompactPhone(text)));

    /// <summary>The phone number without the spaces, dashes, dots and brackets people write in it; a leading space is the <c>+</c> an unencoded query turned into one.</summary>
    public static string CompactPhone(string phone)
    {
        var digits = new string([.. phone.Where(c => c is not (' ' or '-' or '.' or '(' or ')'))]);
        return phone.StartsWith(' ') && !digits.StartsWith('+') ? "+" + digits : digits;
    }
}
