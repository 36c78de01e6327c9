using System.Globalization;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dashboard.Settings;

/// <summary>The settings page: how this app is set up and what it still needs for production, read from the options; a secret shows only as set or not set.</summary>
public sealed class SettingsArea(
    IOptions<FollowUpOptions> options,
    IOptions<DashboardOptions> dashboard,
    SendRateLimits limits,
    IConfiguration configuration,
    IEnumerable<IDashboardKeyCheck> keyChecks,
    IHostEnvironment? environment = null) : IDashboardArea
{
    /// <summary>The setting FollowUp.Local asks callers' keys against.</summary>
    public const string ApiKeySetting = "FollowUp:ApiKey";

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes) => routes.Get("settings", ShowAsync);

    private Task<IResult> ShowAsync(DashboardRequest request)
    {
        var o = options.Value;
        var keyed = keyChecks.Any();
        var apiKeySet = !string.IsNullOrEmpty(configuration[ApiKeySetting]);
        var model = new SettingsModel(environment?.EnvironmentName ?? "unknown", Missing(o, keyed, apiKeySet), [
            Email(o),
            Sms(o),
            new("Schedule", [
                new("Business time zone", o.DefaultTimeZone, "FollowUp:DefaultTimeZone"),
                new("Dashboard shows times in", dashboard.Value.TimeZone ?? o.DefaultTimeZone + " (the business time zone)", "FollowUp:Dashboard:TimeZone"),
                new("Quiet hours for texts", string.Equals(o.Sms.QuietHours, "off", StringComparison.OrdinalIgnoreCase) ? "Off: texts go at any hour" : $"No texts {o.Sms.QuietHours.Replace("-", " to ", StringComparison.Ordinal)}, in each contact's time zone", "FollowUp:Sms:QuietHours"),
                new("Holidays (nothing is sent)", string.IsNullOrWhiteSpace(o.Holidays) ? "None" : string.Join(", ", o.Holidays.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)), "FollowUp:Holidays"),
                new("Cap across sequences", $"At most {o.Caps.MaxMessages} {(o.Caps.MaxMessages == 1 ? "message" : "messages")} from other sequences per {Duration(o.Caps.Window)}; further steps wait", "FollowUp:Caps"),
            ]),
            new("Replies and notifications", [
                new("Reading the mailbox for replies (IMAP)", o.Imap.IsConfigured ? $"On, folder {o.Imap.Folder}" : "Off", "FollowUp:Imap:Host", o.Imap.IsConfigured ? "ok" : null),
                .. o.Imap.IsConfigured
                    ? new SettingRow[]
                    {
                        Secret("Mailbox password", o.Imap.Password, "FollowUp:Imap:Password", !string.IsNullOrEmpty(o.Imap.OAuth.ClientId)),
                        Secret("Microsoft 365 client secret", o.Imap.OAuth.ClientSecret, "FollowUp:Imap:OAuth:ClientSecret", string.IsNullOrEmpty(o.Imap.OAuth.ClientId)),
                    }
                    : [],
                new("Email notifications of replies", string.IsNullOrWhiteSpace(o.Notify.Email) ? "Off" : $"On, to {Count(o.Notify.Email)}", "FollowUp:Notify:Email", string.IsNullOrWhiteSpace(o.Notify.Email) ? null : "ok"),
                new("Text notifications of replies", string.IsNullOrWhiteSpace(o.Notify.Sms) ? "Off" : "On", "FollowUp:Notify:Sms", string.IsNullOrWhiteSpace(o.Notify.Sms) ? null : "ok"),
                new("Also notify of conversions", o.Notify.Conversions ? "On" : "Off", "FollowUp:Notify:Conversions"),
                new("Also notify of opt-outs", o.Notify.OptOuts ? "On" : "Off", "FollowUp:Notify:OptOuts"),
                new("Forward unmatched email", o.Notify.Unmatched ? "On" : "Off", "FollowUp:Notify:Unmatched"),
            ]),
            new("Address and keys", [
                new("Public address", o.PublicBaseUrl?.AbsoluteUri ?? "Not set", "FollowUp:PublicBaseUrl", o.PublicBaseUrl is null ? "bad" : null),
                Secret("Signing key (links and reply addresses)", o.SigningKey, "FollowUp:SigningKey"),
                new("Earlier signing keys still accepted", (o.PreviousSigningKeys?.Count ?? 0).ToString(CultureInfo.InvariantCulture), "FollowUp:PreviousSigningKeys"),
                keyed ? new("Access key (API and dashboard)", apiKeySet ? "Set" : "Not set", ApiKeySetting, apiKeySet ? "ok" : "bad")
                      : new("Access key (API)", "Function keys, kept by Azure Functions"),
            ]),
        ]);
        return request.Page<SettingsPage>("Settings and health", model);
    }

    private SettingsSection Email(FollowUpOptions o)
    {
        List<SettingRow> rows =
        [
            new("Email provider", o.Email.Provider switch
            {
                EmailProvider.Acs => "Azure Communication Services",
                EmailProvider.Smtp => "SMTP server",
                _ => "Outbox folder",
            }, "FollowUp:Email:Provider", o.Email.Provider == EmailProvider.Outbox ? "warn" : "ok"),
            new("Sender", o.Email.From, "FollowUp:Email:From"),
            new("Replies go to", o.Email.ReplyTo ?? "The sender", "FollowUp:Email:ReplyTo"),
            new("Sending rate", Rates(StepChannel.Email), "FollowUp:Email:RateLimits"),
        ];
        if (o.Email.Provider == EmailProvider.Acs)
        {
            rows.Add(new("Azure endpoint", o.Acs.Endpoint is null ? "Not set" : "Set", "FollowUp:Acs:Endpoint", o.Acs.Endpoint is null ? "bad" : "ok"));
            rows.Add(new("Access key", string.IsNullOrEmpty(o.Acs.AccessKey) ? "Not set: the app's managed identity signs in" : "Set", "FollowUp:Acs:AccessKey"));
        }
        else if (o.Email.Provider == EmailProvider.Smtp)
        {
            rows.Add(new("SMTP server", string.IsNullOrWhiteSpace(o.Smtp.Host) ? "Not set" : $"Set, port {o.Smtp.Port}", "FollowUp:Smtp:Host", string.IsNullOrWhiteSpace(o.Smtp.Host) ? "bad" : "ok"));
            rows.Add(Secret("SMTP password", o.Smtp.Password, "FollowUp:Smtp:Password", string.IsNullOrEmpty(o.Smtp.User)));
        }

        return new SettingsSection("Email", rows);
    }

    private SettingsSection Sms(FollowUpOptions o)
    {
        List<SettingRow> rows =
        [
            new("Text message provider", o.Sms.Provider == SmsProvider.Twilio ? "Twilio" : "Outbox folder", "FollowUp:Sms:Provider", o.Sms.Provider == SmsProvider.Outbox ? "warn" : "ok"),
            new("Sending number", o.Sms.Provider == SmsProvider.Twilio ? o.Twilio.From ?? (string.IsNullOrEmpty(o.Twilio.MessagingServiceSid) ? "Not set" : "Chosen by the messaging service") : o.Sms.From, o.Sms.Provider == SmsProvider.Twilio ? "FollowUp:Twilio:From" : "FollowUp:Sms:From"),
            new("Countries texts may go to", string.IsNullOrWhiteSpace(o.Sms.AllowedCountries) ? "The sending number's country" : o.Sms.AllowedCountries, "FollowUp:Sms:AllowedCountries"),
            new("Sending rate", Rates(StepChannel.Sms), "FollowUp:Sms:RateLimits"),
        ];
        if (o.Sms.Provider == SmsProvider.Twilio)
        {
            rows.Add(new("Twilio account", string.IsNullOrEmpty(o.Twilio.AccountSid) ? "Not set" : "Set", "FollowUp:Twilio:AccountSid", string.IsNullOrEmpty(o.Twilio.AccountSid) ? "bad" : "ok"));
            rows.Add(Secret("Twilio auth token", o.Twilio.AuthToken, "FollowUp:Twilio:AuthToken"));
        }

        return new SettingsSection("Text messages", rows);
    }

    /// <summary>What production still needs, in plain words, from the same facts the start-up checks and the detailed health check read.</summary>
    private List<MissingItem> Missing(FollowUpOptions o, bool keyed, bool apiKeySet)
    {
        var missing = new List<MissingItem>();
        if (string.IsNullOrWhiteSpace(o.SigningKey))
        {
            missing.Add(new("No signing key", "Without it, reply addresses and unsubscribe links stop working each time the app restarts. Make one with: openssl rand -base64 32.", "FollowUp:SigningKey"));
        }

        if (o.PublicBaseUrl is null)
        {
            missing.Add(new("No public address", "Without the app's internet address, providers cannot call back (delivery reports are lost) and source addresses are guessed from your browser's.", "FollowUp:PublicBaseUrl"));
        }

        if (o.Email.Provider == EmailProvider.Outbox)
        {
            missing.Add(new("Email goes to the outbox folder", "No email reaches anyone: choose Azure Communication Services (acs) or your mail server (smtp).", "FollowUp:Email:Provider"));
        }
        else if (o.Email.From.Contains("@localhost", StringComparison.OrdinalIgnoreCase))
        {
            missing.Add(new("No sender address", "Emails would come from an example address: set your business's own, such as Acme <hello@acme.example>.", "FollowUp:Email:From"));
        }

        if (o.Sms.Provider == SmsProvider.Outbox)
        {
            missing.Add(new("Texts go to the outbox folder", "No text message reaches anyone; if you send texts, set up Twilio.", "FollowUp:Sms:Provider"));
        }

        if (keyed && !apiKeySet)
        {
            missing.Add(new("No access key", "The API and this dashboard open only on the computer the app runs on, to anyone using it. Set a long random key to use them from elsewhere.", ApiKeySetting));
        }

        return missing;
    }

    private string Rates(StepChannel channel) =>
        limits.For(channel) is { Count: > 0 } list ? string.Join(", ", list.Select(limit => $"{limit.Count} per {Duration(limit.Window)}")) : "No limit";

    private static SettingRow Secret(string label, string? value, string setting, bool unused = false) =>
        unused ? new(label, "Not used", setting)
        : string.IsNullOrEmpty(value) ? new(label, "Not set", setting, "bad")
        : new(label, "Set", setting, "ok");

    private static string Count(string addresses)
    {
        var count = addresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        return count == 1 ? "1 address" : $"{count} addresses";
    }

    /// <summary>"24 hours", "1 minute", "90 seconds": a span in the largest whole unit.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? Plural((int)span.TotalHours, "hour")
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? Plural((int)span.TotalMinutes, "minute")
        : Plural((int)span.TotalSeconds, "second");

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count.ToString(CultureInfo.InvariantCulture)} {unit}s";
}
