using FollowUp.Local;
using Microsoft.AspNetCore.Builder;

namespace FollowUp.Tests.Fixtures;

/// <summary>FollowUp.Local with a reply address, a signing key and an API key, over its own Azurite; shared by the inbound email tests.</summary>
public sealed class InboundEmailAppFixture : IAsyncLifetime
{
    public const string ApiKey = "inbound-test-key";
    public const string SigningKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private readonly AzuriteFixture azurite = new();
    private WebApplication? app;

    public TempFolder Outbox { get; } = new();

    /// <summary>A client that gives the key in <c>x-functions-key</c>.</summary>
    public HttpClient Http { get; private set; } = new();

    /// <summary>A client that gives no key, as a parse service calling a URL with <c>?code=</c>.</summary>
    public HttpClient Keyless { get; private set; } = new();

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        var settings = LocalAppFixture.Settings(azurite, Outbox);
        settings["FollowUp:ApiKey"] = ApiKey;
        settings["FollowUp:SigningKey"] = SigningKey;
        settings["FollowUp:Email:From"] = "Acme <followup@acme.example>";
        settings["FollowUp:Email:ReplyTo"] = "Acme Replies <replies@acme.example>";
        (app, var address) = await LocalHost.StartOnLoopbackAsync(settings, CancellationToken.None);
        Http = new HttpClient { BaseAddress = address };
        Http.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
        Keyless = new HttpClient { BaseAddress = address };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Keyless.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await azurite.DisposeAsync();
        Outbox.Dispose();
    }
}
