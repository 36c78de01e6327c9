using FollowUp.Engine.Sources.Forms;

namespace FollowUp.Engine.Sources;

/// <summary>The JSON form of a source: what <c>GET /api/sources/{id}</c> answers and what the Sources table stores.</summary>
public sealed record SourceDocument(
    string Id,
    SourceKind Kind,
    string? SecretSetting,
    IReadOnlyDictionary<string, SourceAction> On,
    Uri? RedirectUrl,
    IReadOnlyList<string>? AllowedOrigins,
    string? Honeypot,
    FormFields? Fields,
    DateTimeOffset UpdatedUtc,
    CaptchaSettings? Captcha = null,
    bool? DoubleOptIn = null)
{
    /// <summary>Where the source's deliveries are posted, relative to the app's address.</summary>
    public string DeliveryPath => DeliveryPathOf(Id);

    /// <summary>Where the deliveries of the source <paramref name="id"/> are posted, relative to the app's address.</summary>
    public static string DeliveryPathOf(string id) => $"/api/sources/{Uri.EscapeDataString(id)}/deliveries";

    /// <summary>The document of a source.</summary>
    public static SourceDocument From(Source source) => new(
        source.Id,
        source.Kind,
        source.SecretSetting,
        source.On,
        source.Form?.RedirectUrl,
        source.Form?.AllowedOrigins,
        source.Form?.Honeypot,
        source.Form?.Fields,
        source.UpdatedUtc,
        source.Form?.Captcha,
        source.Form?.DoubleOptIn);

    /// <summary>The source this document describes.</summary>
    public Source ToSource() => new(
        Id,
        Kind,
        SecretSetting,
        On,
        Kind == SourceKind.Form ? new FormSettings(RedirectUrl, AllowedOrigins ?? [], Honeypot ?? FormDefaults.Honeypot, Fields ?? new FormFields(), Captcha, DoubleOptIn) : null,
        UpdatedUtc);
}
