using System.Text.RegularExpressions;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Signing;
using FollowUp.Engine.Timing;
using MimeKit;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine;

/// <summary>Checks on start every setting's bounds and that the chosen providers have what they need, naming the setting (never its value).</summary>
public sealed partial class FollowUpOptionsValidator : IValidateOptions<FollowUpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FollowUpOptions options)
    {
        var errors = Bounds(options).ToList();
        UnresolvedSecrets(errors, options);
        Mailbox(errors, "FollowUp:Email:From", options.Email.From);
        if (options.Email.ReplyTo is not null)
        {
            Mailbox(errors, "FollowUp:Email:ReplyTo", options.Email.ReplyTo);
            if (MailboxAddress.TryParse(options.Email.ReplyTo, out var replyTo) && replyTo.LocalPart.Length > ReplyAddress.MaxLocalPartLength)
            {
                errors.Add($"FollowUp:Email:ReplyTo must have a local part of at most {ReplyAddress.MaxLocalPartLength} characters, to leave room for the reply token.");
            }
        }

        if (!string.IsNullOrEmpty(options.Inbound.AuthServId) && options.Inbound.AuthServId.Any(c => char.IsWhiteSpace(c) || c == ';'))
        {
            errors.Add("FollowUp:Inbound:AuthServId must be one authserv-id: the host name the receiving mail server writes first in its Authentication-Results header.");
        }

        Notify(errors, options.Notify);
        Timing(errors, options);
        foreach (var (setting, url) in new[]
        {
            ("FollowUp:Forms:TurnstileVerifyUrl", options.Forms.TurnstileVerifyUrl),
            ("FollowUp:Forms:HcaptchaVerifyUrl", options.Forms.HcaptchaVerifyUrl),
            ("FollowUp:Twilio:BaseUrl", options.Twilio.BaseUrl),
        })
        {
            if (url is not { IsAbsoluteUri: true, Scheme: "https" or "http" })
            {
                errors.Add($"{setting} must be an absolute http(s) address.");
            }
        }

        if (SmsCountries.Resolve(options).Error is { } countries)
        {
            errors.Add(countries);
        }

        if (options.PublicBaseUrl is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
        {
            errors.Add("FollowUp:PublicBaseUrl must be an absolute http(s) address.");
        }

        SigningKeys(errors, options);

        switch (options.Email.Provider)
        {
            case EmailProvider.Acs when options.Acs.Endpoint is not { IsAbsoluteUri: true }:
                errors.Add("FollowUp:Acs:Endpoint is required when FollowUp:Email:Provider is acs (https://<resource>.communication.azure.com).");
                break;
            case EmailProvider.Acs when !string.IsNullOrWhiteSpace(options.Acs.AccessKey) && !IsBase64(options.Acs.AccessKey):
                errors.Add("FollowUp:Acs:AccessKey must be the resource's access key as the portal shows it (base64).");
                break;
            case EmailProvider.Smtp when string.IsNullOrWhiteSpace(options.Smtp.Host):
                errors.Add("FollowUp:Smtp:Host is required when FollowUp:Email:Provider is smtp.");
                break;
            case EmailProvider.Smtp when options.Smtp.User is not null && options.Smtp.Password is null:
                errors.Add("FollowUp:Smtp:Password is required when FollowUp:Smtp:User is set.");
                break;
        }

        if (options.Sms.Provider == SmsProvider.Twilio)
        {
            var twilio = options.Twilio;
            if (string.IsNullOrWhiteSpace(twilio.AccountSid))
            {
                errors.Add("FollowUp:Twilio:AccountSid is required when FollowUp:Sms:Provider is twilio.");
            }

            if (string.IsNullOrWhiteSpace(twilio.AuthToken))
            {
                errors.Add("FollowUp:Twilio:AuthToken is required when FollowUp:Sms:Provider is twilio.");
            }

            if (string.IsNullOrWhiteSpace(twilio.From) && string.IsNullOrWhiteSpace(twilio.MessagingServiceSid))
            {
                errors.Add("FollowUp:Twilio:From or FollowUp:Twilio:MessagingServiceSid is required when FollowUp:Sms:Provider is twilio.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The failures of the bounds written as attributes, each naming its setting as configuration does (<c>FollowUp:Email:RateLimits:0:Count</c>).</summary>
    /// <remarks>The generated checks name a member by its path in code (<c>RateLimits[0].Count</c>, under the given name <c>FollowUp</c>) and start each failure with the member's own name; no failure repeats the value.</remarks>
    private static IEnumerable<string> Bounds(FollowUpOptions options) =>
        (new FollowUpOptionsBounds().Validate(FollowUpOptions.Section, options).Failures ?? [])
            .Select(failure => MemberPath().Replace(MemberPrefix().Replace(failure, string.Empty), path => Setting(path.Value)));

    private static string Setting(string memberPath) =>
        memberPath.Replace('.', ':').Replace("[", ":", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);

    /// <summary>Names each secret whose value is still the text of a Key Vault reference: the platform passes it on as it is when it cannot read the secret.</summary>
    private static void UnresolvedSecrets(List<string> errors, FollowUpOptions options)
    {
        (string Setting, string? Value)[] secrets =
        [
            ("FollowUp:SigningKey", options.SigningKey),
            .. (options.PreviousSigningKeys ?? []).Select((key, i) => ($"FollowUp:PreviousSigningKeys:{i}", (string?)key)),
            ("FollowUp:Twilio:AuthToken", options.Twilio.AuthToken),
            ("FollowUp:Acs:AccessKey", options.Acs.AccessKey),
            ("FollowUp:Smtp:Password", options.Smtp.Password),
        ];
        foreach (var (setting, value) in secrets.Where(secret => IsKeyVaultReference(secret.Value)))
        {
            errors.Add($"{setting} is a Key Vault reference the app could not resolve: check that the secret exists and that the app's identity may read it (Key Vault Secrets User).");
        }
    }

    /// <summary>Names each signing key, current or previous, that is too short or not base64; empty ones are absent, and Key Vault references are named by <see cref="UnresolvedSecrets"/>.</summary>
    private static void SigningKeys(List<string> errors, FollowUpOptions options)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            SigningKeyValue(errors, "FollowUp:SigningKey", options.SigningKey);
        }

        for (var i = 0; options.PreviousSigningKeys is not null && i < options.PreviousSigningKeys.Count; i++)
        {
            if (!string.IsNullOrEmpty(options.PreviousSigningKeys[i]))
            {
                SigningKeyValue(errors, $"FollowUp:PreviousSigningKeys:{i}", options.PreviousSigningKeys[i]);
            }
        }
    }

    private static void SigningKeyValue(List<string> errors, string setting, string? value)
    {
        if (!IsKeyVaultReference(value) && !SigningKey.TryParse(value, out _))
        {
            errors.Add($"{setting} must be at least {SigningKey.MinimumBytes} random bytes in base64 (openssl rand -base64 32).");
        }
    }

    private static bool IsKeyVaultReference(string? value) =>
        value?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsBase64(string value) => Convert.TryFromBase64String(value.Trim(), new byte[value.Length], out _);

    private static void Mailbox(List<string> errors, string setting, string? value)
    {
        if (value is null || !MailboxAddress.TryParse(value, out _))
        {
            errors.Add($"{setting} must be a mailbox such as 'Acme <hello@acme.example>'.");
        }
    }

    private static void Notify(List<string> errors, Notifications.NotifyOptions notify)
    {
        if (!string.IsNullOrWhiteSpace(notify.Email) && Notifications.NotifyAddresses.Parse([notify.Email]) is null)
        {
            errors.Add($"FollowUp:Notify:Email must be {Notifications.NotifyAddresses.MaxAddresses} or fewer email addresses, separated by commas, such as 'sales@acme.example, Ann <ann@acme.example>'.");
        }

        if (!string.IsNullOrWhiteSpace(notify.Sms) && ContactValidator.NormalisePhone(notify.Sms) is null)
        {
            errors.Add("FollowUp:Notify:Sms must be a phone number in E.164 form, such as +15551234567.");
        }
    }

    private static void Timing(List<string> errors, FollowUpOptions options)
    {
        if (SendPlanner.Zone(options.DefaultTimeZone) is null)
        {
            errors.Add("FollowUp:DefaultTimeZone must be an IANA time zone id, such as America/Chicago.");
        }

        if (SendPlanner.ParseHolidays(options.Holidays) is null)
        {
            errors.Add("FollowUp:Holidays must be ISO dates separated by commas, such as 2026-12-25,2027-01-01.");
        }

        if (options.Spread < TimeSpan.Zero || options.Spread > SendRulesValidator.MaxSpread)
        {
            errors.Add($"FollowUp:Spread must be between 00:00:00 and {SendRulesValidator.MaxSpread}.");
        }

        if (QuietHours.Parse(options.Sms.QuietHours) is null)
        {
            errors.Add("FollowUp:Sms:QuietHours must be HH:mm-HH:mm with two different times, such as 21:00-08:00, or off.");
        }
    }

    [GeneratedRegex(@"\bFollowUp(?:\.[A-Za-z]+|\[[0-9]+\])+", RegexOptions.CultureInvariant)]
    private static partial Regex MemberPath();

    [GeneratedRegex("^[A-Za-z]+: ", RegexOptions.CultureInvariant)]
    private static partial Regex MemberPrefix();
}
