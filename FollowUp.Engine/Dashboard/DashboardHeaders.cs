using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard;

/// <summary>The security headers of every dashboard answer.</summary>
public static class DashboardHeaders
{
    /// <summary>Sets them on <paramref name="response"/>.</summary>
    public static void Apply(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = DashboardHtmlResult.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
    }
}
