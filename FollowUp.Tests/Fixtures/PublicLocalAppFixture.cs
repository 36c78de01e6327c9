namespace FollowUp.Tests.Fixtures;

/// <summary>FollowUp.Local as <see cref="LocalAppFixture"/> runs it, plus a public base address behind a path and a known signing key, so links in emails can be followed.</summary>
public sealed class PublicLocalAppFixture : LocalAppFixture
{
    /// <summary>The app's <c>FollowUp:PublicBaseUrl</c>.</summary>
    public const string PublicBaseUrl = "https://followup.acme.example/hooks";

    /// <summary>The app's <c>FollowUp:SigningKey</c> (32 bytes, base64).</summary>
    public const string SigningKey = "dW5zdWJzY3JpYmUtdGVzdHMtc2lnbmluZy1rZXktMzI=";

    /// <summary>The local path and query of a link on <see cref="PublicBaseUrl"/>.</summary>
    public static string LocalPath(string link)
    {
        Assert.StartsWith(PublicBaseUrl + "/", link, StringComparison.Ordinal);
        return link[PublicBaseUrl.Length..];
    }

    /// <inheritdoc />
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
        settings["FollowUp:SigningKey"] = SigningKey;
    }
}
