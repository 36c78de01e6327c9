namespace FollowUp.Engine.Dashboard.SignIn;

/// <summary>Why a request is refused: either where to sign in, or a sentence saying what is wrong.</summary>
public sealed record DashboardRefusal(string? SignInUrl, string Message);
