namespace FollowUp.Engine.Sources;

/// <summary>The body of <c>PUT /api/sources/{id}</c>; the form settings are for form sources only.</summary>
public sealed record SourceRequest(
    SourceKind? Kind,
    string? SecretSetting,
    IReadOnlyDictionary<string, SourceActionRequest?>? On,
    string? RedirectUrl = null,
    IReadOnlyList<string?>? AllowedOrigins = null,
    string? Honeypot = null,
    FormFieldsRequest? Fields = null,
    CaptchaRequest? Captcha = null,
    bool? DoubleOptIn = null);

/// <summary>One entry of <see cref="SourceRequest.On"/>: the sequence to enroll into and/or the event to raise.</summary>
public sealed record SourceActionRequest(string? Enroll, string? Event);

/// <summary>The <c>fields</c> of a form source: which form fields hold the contact; unset ones keep their usual names.</summary>
public sealed record FormFieldsRequest(string? Email, string? Phone, string? Name, string? FirstName, string? LastName);

/// <summary>The <c>captcha</c> of a form source: the provider, the app setting under <c>FollowUp:Sources:Secrets:</c> that holds its secret key, and optionally the sites it may be solved on.</summary>
public sealed record CaptchaRequest(Forms.CaptchaProvider? Provider, string? SecretSetting, IReadOnlyList<string?>? Hostnames);
