using System.Net.Http.Json;
using FollowUp.Engine.Http;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Fixtures;

/// <summary>FollowUp.Local running in-process on a loopback port, over its own in-memory Azurite, scanning every second with a 2-second look-ahead.</summary>
/// <remarks>A fixture that needs more settings derives from it and overrides <see cref="Configure"/>.</remarks>
public class LocalAppFixture : IAsyncLifetime
{
    private ConfiguredLocalApp? app;

    public TempFolder Outbox => App.Outbox;

    public HttpClient Http => App.Http;

    public FollowUpStorage Storage => Services.GetRequiredService<FollowUpStorage>();

    /// <summary>The app's services, for a test that arranges state the API cannot.</summary>
    public IServiceProvider Services => App.Services;

    private ConfiguredLocalApp App => app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The app setting that holds the Standard Webhooks secret of the test sources: the specification's example secret.</summary>
    public const string WebhookSecretSetting = "FollowUp:Sources:Secrets:TestWebhook";

    /// <summary>The value of <see cref="WebhookSecretSetting"/>.</summary>
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>The app setting that holds the signing secret of the test sources of Shopify, WooCommerce and Typeform.</summary>
    public const string ProviderSecretSetting = "FollowUp:Sources:Secrets:TestProvider";

    /// <summary>The value of <see cref="ProviderSecretSetting"/>.</summary>
    public const string ProviderSecret = "test-provider-secret-4f2a";

    /// <summary>The app's <c>FollowUp:SigningKey</c>: the tests run the app as it runs deployed, where it does not start without one.</summary>
    public const string FixtureSigningKey = "bG9jYWwtYXBwLWZpeHR1cmUtc2lnbmluZy1rZXktMzI=";

    /// <summary>The SMS countries of the test numbers; libphonenumber places <see cref="Builders.TestData.Phone"/>'s +44 7911 range in Guernsey.</summary>
    public const string TestCountries = "US,CA,GB,GG,FR,AU";

    /// <summary>Settings the tests of one class add to the defaults.</summary>
    internal static Dictionary<string, string?> Settings(AzuriteFixture azurite, TempFolder outbox) => new(azurite.Settings)
    {
        ["FollowUp:Outbox:Path"] = outbox.Path,
        ["FollowUp:Local:StartAzurite"] = "false",
        ["FOLLOWUP_SCAN_SCHEDULE"] = "* * * * * *",
        ["FollowUp:LookAhead"] = "00:00:02",
        ["FollowUp:Sms:QuietHours"] = "off",
        ["FollowUp:SigningKey"] = FixtureSigningKey,
        ["FollowUp:Sms:AllowedCountries"] = TestCountries,
        [WebhookSecretSetting] = WebhookSecret,
        [ProviderSecretSetting] = ProviderSecret,
        ["extensions:queues:visibilityTimeout"] = "00:00:00",
        ["extensions:queues:maxPollingInterval"] = "00:00:00.500",
    };

    /// <summary>Starts Azurite and the app with <see cref="Settings"/> as <see cref="Configure"/> changes them.</summary>
    public virtual async Task InitializeAsync() => app = await ConfiguredLocalApp.StartAsync(Configure);

    /// <summary>Adds to or changes the default test settings; a derived fixture overrides it.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling, or fails after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Reads a JSON answer with the API's conventions.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(FollowUpJson.Options))!;

    public virtual async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
