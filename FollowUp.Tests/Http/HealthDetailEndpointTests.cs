using System.Net;
using System.Text.Json;
using FollowUp.Engine.Scheduling;
using FollowUp.Local.Keys;
using FollowUp.Tests.Channels.Twilio;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Http;

public sealed class HealthDetailEndpointTests(HealthDetailEndpointTests.SecretsApp app) : IClassFixture<HealthDetailEndpointTests.SecretsApp>
{
    private const string ApiKey = "health-detail-api-key-0123";
    private const string SmtpPassword = "smtp-password-RECOGNISABLE-1";
    private const string AcsKey = "acs-access-key-RECOGNISABLE-2";
    private const string PublicBaseUrl = "https://public-host-recognisable.example";

    /// <summary>FollowUp.Local with an API key, SMTP and Twilio configured with recognisable secrets, and a sweep that never runs.</summary>
    public sealed class SecretsApp : LocalAppFixture
    {
        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["FollowUp:ApiKey"] = ApiKey;
            settings["FOLLOWUP_SWEEP_SCHEDULE"] = "0 0 0 1 1 *";
            settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
            settings["FollowUp:Email:Provider"] = "smtp";
            settings["FollowUp:Smtp:Host"] = "127.0.0.1";
            settings["FollowUp:Smtp:User"] = "smtp-user";
            settings["FollowUp:Smtp:Password"] = SmtpPassword;
            settings["FollowUp:Acs:AccessKey"] = AcsKey;
            settings["FollowUp:Sms:Provider"] = "twilio";
            settings["FollowUp:Twilio:AccountSid"] = FakeTwilio.AccountSid;
            settings["FollowUp:Twilio:AuthToken"] = FakeTwilio.AuthToken;
            settings["FollowUp:Twilio:From"] = FakeTwilio.From;
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> GetDetailAsync(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health/detail");
        if (key is not null)
        {
            request.Headers.Add(ApiKeyFilter.Header, key);
        }

        using var response = await app.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetDetail_WithKey_NamesProvidersAndSettingsWithoutAnySecretValue()
    {
        var (status, body) = await GetDetailAsync(ApiKey);

        Assert.Equal(HttpStatusCode.OK, status);
        var providers = JsonDocument.Parse(body).RootElement.GetProperty("providers");
        Assert.Equal("smtp", providers.GetProperty("email").GetProperty("provider").GetString());
        Assert.Equal("twilio", providers.GetProperty("sms").GetProperty("provider").GetString());
        Assert.Single(providers.GetProperty("sms").GetProperty("rateLimits").EnumerateArray());
        Assert.True(providers.GetProperty("publicBaseUrlSet").GetBoolean());
        Assert.True(providers.GetProperty("signingKeySet").GetBoolean());
        foreach (var secret in new[] { SmtpPassword, AcsKey, FakeTwilio.AuthToken, FakeTwilio.AccountSid, LocalAppFixture.FixtureSigningKey, PublicBaseUrl, ApiKey, LocalAppFixture.ProviderSecret, LocalAppFixture.WebhookSecret })
        {
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task GetDetail_WithoutKey_IsRefusedWhileHealthStaysOpenAndMinimal()
    {
        var (status, _) = await GetDetailAsync(null);
        using var health = await app.Http.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var property = Assert.Single(JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.EnumerateObject());
        Assert.Equal("status", property.Name);
    }

    [Fact]
    public async Task GetDetail_QueuedAndPoisonedMessagesAndAnOverdueStep_AreCounted()
    {
        await app.Storage.StepQueue.SendMessageAsync("{}", TimeSpan.FromMinutes(10));
        await app.Storage.StepQueue.SendMessageAsync("{}", TimeSpan.FromMinutes(10));
        // Hidden, so that the poison listener does not take it before the count; a hidden message still counts.
        await app.Storage.StepPoisonQueue.SendMessageAsync("{}", TimeSpan.FromMinutes(10));
        // Overdue by less than the sweeper's threshold (15 minutes), so the host's own sweep leaves the row alone.
        var due = DateTimeOffset.UtcNow.AddMinutes(-10);
        await new NextDueIndex(app.Storage).AddAsync(new NextDueEntry("enr_health", "stuck", 1, due), CancellationToken.None);

        var (status, body) = await GetDetailAsync(ApiKey);

        Assert.Equal(HttpStatusCode.OK, status);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.True(root.GetProperty("queue").GetProperty("approximateMessages").GetInt32() >= 2);
        Assert.True(root.GetProperty("poisonQueue").GetProperty("approximateMessages").GetInt32() >= 1);
        var oldest = root.GetProperty("oldestOverdueStep");
        Assert.Equal("stuck", oldest.GetProperty("stepId").GetString());
        Assert.True(oldest.GetProperty("overdueSeconds").GetInt64() >= 10 * 60 - 5);
    }
}
