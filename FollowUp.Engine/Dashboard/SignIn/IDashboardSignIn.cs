using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.SignIn;

/// <summary>Who may use the dashboard: each host supplies one.</summary>
public interface IDashboardSignIn
{
    /// <summary>The signed-in, allowed operator of this request, or null.</summary>
    DashboardUser? Authenticate(HttpContext context);

    /// <summary>The answer for a request without an allowed operator: a sign-in redirect or a plain refusal page's text.</summary>
    DashboardRefusal Refuse(HttpContext context);
}
