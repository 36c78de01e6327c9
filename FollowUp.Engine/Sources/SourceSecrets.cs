using System.Text.RegularExpressions;

namespace FollowUp.Engine.Sources;

/// <summary>Where the signing secrets of sources live among the app settings, and how strong they must be.</summary>
/// <remarks>
/// A source names its secret's setting, and anyone who may save a source picks that name. Keeping the names under
/// <see cref="Prefix"/> stops a source from checking deliveries against another setting, such as <c>FollowUp:SigningKey</c>
/// or a <c>FUNCTIONS_*</c> setting, whose value would then sign forged deliveries or leak through their answers. A secret
/// shorter than <see cref="MinimumLength"/> characters (or a Standard Webhooks key under <see cref="MinimumKeyBytes"/> bytes,
/// the bare <c>whsec_</c> included) is refused: an empty HMAC key lets anyone sign.
/// </remarks>
public static partial class SourceSecrets
{
    /// <summary>The part every <c>secretSetting</c> starts with.</summary>
    public const string Prefix = "FollowUp:Sources:Secrets:";

    /// <summary>The fewest characters a shared secret (Shopify, WooCommerce, Typeform) may have.</summary>
    public const int MinimumLength = 16;

    /// <summary>The fewest bytes the key of a Standard Webhooks secret may have, after <c>whsec_</c> (the specification recommends 24 to 64).</summary>
    public const int MinimumKeyBytes = 16;

    /// <summary>The prefix of a Standard Webhooks secret.</summary>
    public const string WebhookPrefix = "whsec_";

    /// <summary>Whether <paramref name="setting"/> names a setting under <see cref="Prefix"/>, such as <c>FollowUp:Sources:Secrets:AcmeShopify</c>.</summary>
    public static bool IsSecretSetting(string? setting) => setting is not null && SettingName().IsMatch(setting);

    /// <summary>What is wrong with the secret's value for a source of <paramref name="kind"/>, never showing it; null when it will do.</summary>
    public static string? Weakness(SourceKind kind, string secret)
    {
        if (kind != SourceKind.Webhook)
        {
            return secret.Length < MinimumLength ? $"must hold a secret of at least {MinimumLength} characters." : null;
        }

        var key = new byte[secret.Length];
        return secret.StartsWith(WebhookPrefix, StringComparison.Ordinal)
            && Convert.TryFromBase64String(secret[WebhookPrefix.Length..], key, out var length) && length >= MinimumKeyBytes
            ? null
            : $"must hold a Standard Webhooks secret: '{WebhookPrefix}' and at least {MinimumKeyBytes} bytes in base64.";
    }

    [GeneratedRegex("^FollowUp:Sources:Secrets:[A-Za-z0-9_.-]{1,100}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SettingName();
}
