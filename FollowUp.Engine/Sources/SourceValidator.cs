using System.Text.RegularExpressions;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources.Forms;
using Microsoft.Extensions.Configuration;

namespace FollowUp.Engine.Sources;

/// <summary>Turns a <see cref="SourceRequest"/> into a <see cref="Source"/>, naming every invalid field.</summary>
/// <remarks>
/// The secret setting must be one of <see cref="SourceSecrets"/>, set on this app and strong enough (its value is never read into the source, logged or answered), and every
/// sequence a source enrolls into must exist, so that a mistake shows when the source is saved, not when a delivery fails.
/// </remarks>
public sealed partial class SourceValidator(IConfiguration configuration, SequenceStore sequences)
{
    /// <summary>The most triggers a source may map.</summary>
    public const int MaxTriggers = 50;

    /// <summary>Where the app settings that hold CAPTCHA secret keys live, so that a source can name no other setting.</summary>
    public const string CaptchaSecretPrefix = "FollowUp:Sources:Secrets:";

    /// <summary>Validates the request and checks the sequences it enrolls into.</summary>
    public async Task<Source?> ValidateAsync(string id, SourceRequest request, DateTimeOffset now, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(id))
        {
            errors.Add("id", Identifiers.Rule);
        }

        if (request.Kind is not { } kind)
        {
            errors.Add("kind", "Use 'form', 'shopify', 'woocommerce', 'typeform' or 'webhook'.");
            return null;
        }

        ValidateSecretSetting(kind, request.SecretSetting, errors);
        var on = await ValidateOnAsync(kind, request.On, errors, cancellationToken);
        var form = kind == SourceKind.Form ? ValidateForm(request, errors) : RefuseFormSettings(request, errors);
        return errors.IsEmpty ? new Source(id, kind, request.SecretSetting, on, form, now) : null;
    }

    private void ValidateSecretSetting(SourceKind kind, string? setting, ValidationErrors errors)
    {
        if (kind == SourceKind.Form)
        {
            if (setting is not null)
            {
                errors.Add("secretSetting", "Form sources have no secret: browsers cannot keep one.");
            }

            return;
        }

        if (!SourceSecrets.IsSecretSetting(setting))
        {
            errors.Add("secretSetting", $"Name the app setting that holds the signing secret, under {SourceSecrets.Prefix} (such as {SourceSecrets.Prefix}AcmeShopify).");
        }
        else if (string.IsNullOrEmpty(configuration[setting!]))
        {
            errors.Add("secretSetting", $"The app setting '{setting}' is not set here; add it (or a Key Vault reference) first.");
        }
        else if (SourceSecrets.Weakness(kind, configuration[setting!]!) is { } weakness)
        {
            errors.Add("secretSetting", $"The app setting '{setting}' {weakness}");
        }
    }

    private async Task<Dictionary<string, SourceAction>> ValidateOnAsync(
        SourceKind kind, IReadOnlyDictionary<string, SourceActionRequest?>? on, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var actions = new Dictionary<string, SourceAction>(StringComparer.Ordinal);
        if (on is null || on.Count == 0)
        {
            errors.Add("on", $"Map at least one {TriggerWord(kind)} to what it does, such as {{\"{ExampleTrigger(kind)}\": {{\"enroll\": \"welcome\"}}}}.");
            return actions;
        }

        if (on.Count > MaxTriggers)
        {
            errors.Add("on", $"Map at most {MaxTriggers} triggers.");
            return actions;
        }

        foreach (var (trigger, action) in on)
        {
            var path = $"on.{trigger}";
            if (!IsTrigger(kind, trigger))
            {
                errors.Add(path, $"'{trigger}' is not a {TriggerWord(kind)}; for example '{ExampleTrigger(kind)}'.");
                continue;
            }

            if (action is null || (action.Enroll is null && action.Event is null))
            {
                errors.Add(path, "Give 'enroll' (a sequence id), 'event' (an event name), or both.");
                continue;
            }

            if (action.Enroll is not null && !Identifiers.IsValid(action.Enroll))
            {
                errors.Add($"{path}.enroll", "A sequence id: " + Identifiers.Rule);
            }
            else if (action.Enroll is not null && await sequences.GetLatestAsync(action.Enroll, cancellationToken) is null)
            {
                errors.Add($"{path}.enroll", $"There is no sequence '{action.Enroll}'; save it first.");
            }

            if (action.Event is not null && !Identifiers.IsValid(action.Event))
            {
                errors.Add($"{path}.event", "An event name: " + Identifiers.Rule);
            }

            actions[trigger] = new SourceAction(action.Enroll, action.Event);
        }

        return actions;
    }

    private FormSettings? ValidateForm(SourceRequest request, ValidationErrors errors)
    {
        Uri? redirect = null;
        if (request.RedirectUrl is not null
            && (!Uri.TryCreate(request.RedirectUrl, UriKind.Absolute, out redirect) || redirect.Scheme is not ("https" or "http")))
        {
            errors.Add("redirectUrl", "Use an absolute http(s) address, such as https://acme.example/thanks.");
        }

        var origins = new List<string>();
        for (var i = 0; request.AllowedOrigins is not null && i < request.AllowedOrigins.Count; i++)
        {
            if (Origin(request.AllowedOrigins[i]) is { } origin)
            {
                origins.Add(origin);
            }
            else
            {
                errors.Add($"allowedOrigins[{i}]", "Use an origin: scheme, host and port only, such as https://acme.example.");
            }
        }

        var honeypot = request.Honeypot ?? FormDefaults.Honeypot;
        FieldName(errors, "honeypot", honeypot);
        var given = request.Fields;
        var defaults = new FormFields();
        var fields = new FormFields(
            FieldName(errors, "fields.email", given?.Email ?? defaults.Email),
            FieldName(errors, "fields.phone", given?.Phone ?? defaults.Phone),
            FieldName(errors, "fields.name", given?.Name ?? defaults.Name),
            FieldName(errors, "fields.firstName", given?.FirstName ?? defaults.FirstName),
            FieldName(errors, "fields.lastName", given?.LastName ?? defaults.LastName));
        return new FormSettings(redirect, origins, honeypot, fields, request.Captcha is null ? null : ValidateCaptcha(request.Captcha, errors), request.DoubleOptIn);
    }

    private CaptchaSettings? ValidateCaptcha(CaptchaRequest captcha, ValidationErrors errors)
    {
        if (captcha.Provider is not { } provider)
        {
            errors.Add("captcha.provider", "Use 'turnstile' or 'hcaptcha'.");
        }

        var setting = captcha.SecretSetting;
        if (setting is null || !CaptchaSecretSetting().IsMatch(setting))
        {
            errors.Add("captcha.secretSetting", $"Name the app setting that holds the CAPTCHA's secret key, under {CaptchaSecretPrefix} (such as {CaptchaSecretPrefix}AcmeTurnstile).");
        }
        else if (string.IsNullOrEmpty(configuration[setting]))
        {
            errors.Add("captcha.secretSetting", $"The app setting '{setting}' is not set here; add it (or a Key Vault reference) first.");
        }

        var hostnames = new List<string>();
        for (var i = 0; captcha.Hostnames is not null && i < captcha.Hostnames.Count; i++)
        {
            if (captcha.Hostnames[i] is { } host && Uri.CheckHostName(host) == UriHostNameType.Dns)
            {
                hostnames.Add(host.ToLowerInvariant());
            }
            else
            {
                errors.Add($"captcha.hostnames[{i}]", "Use a host name, such as acme.example.");
            }
        }

        return captcha.Provider is { } chosen && setting is not null ? new CaptchaSettings(chosen, setting, hostnames) : null;
    }

    private static FormSettings? RefuseFormSettings(SourceRequest request, ValidationErrors errors)
    {
        foreach (var (field, value) in new (string, object?)[]
                 {
                     ("redirectUrl", request.RedirectUrl), ("allowedOrigins", request.AllowedOrigins), ("honeypot", request.Honeypot), ("fields", request.Fields), ("captcha", request.Captcha), ("doubleOptIn", request.DoubleOptIn),
                 })
        {
            if (value is not null)
            {
                errors.Add(field, "Only form sources have this setting.");
            }
        }

        return null;
    }

    private static string FieldName(ValidationErrors errors, string path, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            errors.Add(path, "Use a form field name of 1 to 100 characters.");
        }

        return name;
    }

    /// <summary>The normalised origin (<c>https://acme.example</c>, with a port only when it is not the scheme's), or null.</summary>
    private static string? Origin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;

    private static bool IsTrigger(SourceKind kind, string trigger) => kind switch
    {
        SourceKind.Form => trigger == "submit",
        SourceKind.Shopify => ShopifyTopic().IsMatch(trigger),
        SourceKind.Woocommerce => WooCommerceTopic().IsMatch(trigger),
        SourceKind.Typeform => trigger is "form_response" or "form_response_partial",
        _ => WebhookType().IsMatch(trigger),
    };

    private static string TriggerWord(SourceKind kind) => kind switch
    {
        SourceKind.Form => "form event",
        SourceKind.Shopify or SourceKind.Woocommerce => "webhook topic",
        SourceKind.Typeform => "Typeform event",
        _ => "webhook type",
    };

    private static string ExampleTrigger(SourceKind kind) => kind switch
    {
        SourceKind.Form => "submit",
        SourceKind.Shopify => "orders/create",
        SourceKind.Woocommerce => "order.created",
        SourceKind.Typeform => "form_response",
        _ => "lead.created",
    };

    [GeneratedRegex("^[a-z_]+/[a-z_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ShopifyTopic();

    [GeneratedRegex("^FollowUp:Sources:Secrets:[A-Za-z0-9_.-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex CaptchaSecretSetting();

    [GeneratedRegex("^[a-z_]+\\.[a-z_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex WooCommerceTopic();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex WebhookType();
}
