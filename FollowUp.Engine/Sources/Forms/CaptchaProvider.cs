namespace FollowUp.Engine.Sources.Forms;

/// <summary>A CAPTCHA service whose tokens a form source checks; both answer the same siteverify call.</summary>
public enum CaptchaProvider
{
    /// <summary>Cloudflare Turnstile: the widget posts its token as <c>cf-turnstile-response</c>.</summary>
    Turnstile,

    /// <summary>hCaptcha: the widget posts its token as <c>h-captcha-response</c>.</summary>
    Hcaptcha,
}
