using FollowUp.Local;
using Microsoft.AspNetCore.Builder;

namespace FollowUp.Tests.Fixtures;

/// <summary>FollowUp.Local as <see cref="LocalAppFixture"/> runs it, plus a public base address behind a path and a known signing key, so links in emails can be followed.</summary>
public sealed class PublicLocalAppFixture : IAsyncLifetime
{
    /// <summary>The app's <c>FollowUp:PublicBaseUrl</c>.</summary>
    public const string PublicBaseUrl = "https://followup.acme.example/hooks";

    /// <summary>The app's <c>FollowUp:SigningKey</c> (32 bytes, base64).</summary>
    public const string SigningKey = "dW5zdWJzY3JpYmUtdGVzdHMtc2lnbmluZy1rZXktMzI=";

    private readonly AzuriteFixture azurite = new();

    public TempFolder Outbox { get; } = new();

    public HttpClient Http { get; private set; } = new();

    public WebApplication App { get; private set; } = null!;

    /// <summary>The local path and query of a link on <see cref="PublicBaseUrl"/>.</summary>
    public static string LocalPath(string link)
    {
        Assert.StartsWith(PublicBaseUrl + "/", link, StringComparison.Ordinal);
        return link[PublicBaseUrl.Length..];
    }

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        var settings = LocalAppFixture.Settings(azurite, Outbox);
        settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
        settings["FollowUp:SigningKey"] = SigningKey;
        (App, var address) = await LocalHost.StartOnLoopbackAsync(settings, CancellationToken.None);
        Http = new HttpClient { BaseAddress = address };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await azurite.DisposeAsync();
        Outbox.Dispose();
    }
}
