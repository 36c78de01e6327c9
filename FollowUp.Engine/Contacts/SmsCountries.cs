using FollowUp.Engine.Http;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace FollowUp.Engine.Contacts;

/// <summary>The countries texts may go to: <c>FollowUp:Sms:AllowedCountries</c>, or else the country of the business's own sending number.</summary>
/// <remarks>
/// Anyone who can fill in a form can name a number, and texts to some networks (satellite, premium ranges abroad) cost
/// the sender far more than they earn the business: the allow-list keeps texts to the countries the business serves.
/// A number's country is the region libphonenumber gives it; numbers of no country (region <c>001</c>: satellite and
/// international networks) are never allowed, since no setting can name that region.
/// </remarks>
public sealed class SmsCountries
{
    /// <summary>The setting that lists the countries.</summary>
    public const string Setting = "FollowUp:Sms:AllowedCountries";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Reads the countries from the options; none when they cannot be read (the options validator then stops the host).</summary>
    public SmsCountries(IOptions<FollowUpOptions> options) => Allowed = Resolve(options.Value).Countries ?? new HashSet<string>();

    /// <summary>The ISO 3166 alpha-2 codes of the countries texts may go to.</summary>
    public IReadOnlySet<string> Allowed { get; }

    /// <summary>Whether texts may go to <paramref name="e164"/>.</summary>
    public bool Allows(string e164) => RegionOf(e164) is { } region && Allowed.Contains(region);

    /// <summary>Adds an error naming <c>{path}.phone</c> when the contact's normalised phone is outside the allowed countries.</summary>
    public void Check(ContactRequest? contact, string path, ValidationErrors errors)
    {
        if (contact?.Phone is { } phone && !Allows(phone))
        {
            errors.Add($"{path}.phone", $"Texts go only to numbers of {string.Join(", ", Allowed.Order(StringComparer.Ordinal))} ({Setting}).");
        }
    }

    /// <summary>The allowed countries the options give, or the error that names what to set.</summary>
    /// <remarks>Unset, the list is the country of the sending number: <c>FollowUp:Twilio:From</c> for Twilio when set, else <c>FollowUp:Sms:From</c>.</remarks>
    internal static (IReadOnlySet<string>? Countries, string? Error) Resolve(FollowUpOptions options)
    {
        var supported = Phones.GetSupportedRegions();
        if (!string.IsNullOrWhiteSpace(options.Sms.AllowedCountries))
        {
            var codes = options.Sms.AllowedCountries.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(code => code.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            return codes.FirstOrDefault(code => !supported.Contains(code)) is { } unknown
                ? (null, $"{Setting} must list ISO 3166 alpha-2 country codes separated by commas, such as US,CA; '{unknown}' is not one.")
                : (codes, null);
        }

        var sender = options.Sms.Provider == SmsProvider.Twilio && !string.IsNullOrWhiteSpace(options.Twilio.From) ? options.Twilio.From : options.Sms.From;
        return CountryOfSender(sender) is { } country
            ? (new HashSet<string>(StringComparer.Ordinal) { country }, null)
            : (null, $"{Setting} is required when the sending number names no country: list the countries texts may go to, such as US,CA.");
    }

    /// <summary>The region of a valid number (<c>001</c> for numbers of no country), or null.</summary>
    internal static string? RegionOf(string e164)
    {
        try
        {
            var number = Phones.Parse(e164, null);
            return Phones.IsValidNumber(number) ? Phones.GetRegionCodeForNumber(number) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The country of the sending number: its region, or the main country of its calling code for a number no region claims (+1 555 numbers are US).</summary>
    private static string? CountryOfSender(string? sender)
    {
        if (string.IsNullOrWhiteSpace(sender))
        {
            return null;
        }

        try
        {
            var number = Phones.Parse(sender, null);
            var region = Phones.GetRegionCodeForNumber(number);
            if (region is null or "ZZ" or PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY)
            {
                region = Phones.GetRegionCodeForCountryCode(number.CountryCode);
            }

            return region is "ZZ" or PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY ? null : region;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
