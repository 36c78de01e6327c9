namespace FollowUp.Engine.Dashboard.SignIn;

/// <summary>The headers App Service Authentication adds to a signed-in request.</summary>
public static class AppServiceHeaders
{
    /// <summary>The signed-in account's object id.</summary>
    public const string PrincipalId = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>The signed-in account's name (its email address for Entra ID).</summary>
    public const string PrincipalName = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>Every claim of the sign-in, as base64 JSON.</summary>
    public const string Principal = "X-MS-CLIENT-PRINCIPAL";
}
