namespace FollowUp.Engine.Sources.Forms;

/// <summary>The CAPTCHA a form source requires: every submission must carry a token the provider confirms.</summary>
/// <param name="Provider">The service that issued the widget.</param>
/// <param name="SecretSetting">The app setting, under <c>FollowUp:Sources:Secrets:</c>, that holds the widget's secret key; the secret itself is never stored.</param>
/// <param name="Hostnames">The sites the widget may be solved on; when any are given, the provider's <c>hostname</c> must be one of them.</param>
public sealed record CaptchaSettings(CaptchaProvider Provider, string SecretSetting, IReadOnlyList<string> Hostnames);
