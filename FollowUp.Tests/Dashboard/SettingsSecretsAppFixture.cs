using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>FollowUp.Local with every provider, the mailbox and the notifications set up, each secret a value a test looks for in the settings page.</summary>
public sealed class SettingsSecretsAppFixture : LocalAppFixture
{
    /// <summary>The secrets set, by setting.</summary>
    public static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string>
    {
        ["FollowUp:Smtp:Password"] = "smtp-password-7d1f0c2e",
        ["FollowUp:Twilio:AuthToken"] = "0123456789abcdef0123456789abcdef",
        ["FollowUp:Acs:AccessKey"] = "YWNzLWFjY2Vzcy1rZXktZm9yLXRoZS1zZXR0aW5ncy10ZXN0",
        ["FollowUp:Imap:Password"] = "imap-password-93be11aa",
        ["FollowUp:Imap:OAuth:ClientSecret"] = "oauth-client-secret-5c0ffee",
    };

    /// <inheritdoc />
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["FollowUp:PublicBaseUrl"] = "https://followup.acme.example";
        settings["FollowUp:Email:Provider"] = "smtp";
        settings["FollowUp:Email:From"] = "Acme <hello@acme.example>";
        settings["FollowUp:Smtp:Host"] = "127.0.0.1";
        settings["FollowUp:Smtp:Port"] = "9";
        settings["FollowUp:Smtp:User"] = "hello@acme.example";
        settings["FollowUp:Sms:Provider"] = "twilio";
        settings["FollowUp:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef";
        settings["FollowUp:Twilio:From"] = "+14155550100";
        settings["FollowUp:Twilio:BaseUrl"] = "http://127.0.0.1:9";
        settings["FollowUp:Imap:Host"] = "127.0.0.1";
        settings["FollowUp:Imap:Port"] = "9";
        settings["FollowUp:Imap:Security"] = "None";
        settings["FollowUp:Imap:User"] = "hello@acme.example";
        settings["FollowUp:Notify:Email"] = "owner@acme.example";
        settings["FollowUp:Holidays"] = "2026-12-25,2027-01-01";
        foreach (var (setting, value) in Secrets)
        {
            settings[setting] = value;
        }
    }
}
