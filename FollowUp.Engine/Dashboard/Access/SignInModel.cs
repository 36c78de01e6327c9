namespace FollowUp.Engine.Dashboard.Access;

/// <summary>The sign-in form: where to go after it, and what was wrong with the last try.</summary>
public sealed record SignInModel(string ReturnPath, string? Error);
