namespace FollowUp.Engine.Dashboard.Sources;

/// <summary>What the operator typed in the new-source form, shown again beside its errors.</summary>
/// <param name="Id">The name of the source.</param>
/// <param name="Enroll">The sequence its deliveries enroll into.</param>
/// <param name="Trigger">The topic or type it acts on (not for forms).</param>
/// <param name="SecretSetting">The app setting that holds its secret (not for forms).</param>
/// <param name="RedirectUrl">Where a form sends people after they submit it.</param>
/// <param name="AllowedOrigins">The websites whose scripts may post the form, one a line.</param>
/// <param name="DoubleOptIn">"default", "on" or "off": whether a form waits until its contact confirms.</param>
public sealed record SourceFormValues(string? Id, string? Enroll, string? Trigger, string? SecretSetting, string? RedirectUrl, string? AllowedOrigins, string DoubleOptIn = "default");
