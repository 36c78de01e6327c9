using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Sources;

/// <summary>A source's secret lives under <c>FollowUp:Sources:Secrets:</c> and is long enough to sign with.</summary>
public sealed class SourceSecretsTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        [StorageNames.ConnectionSetting] = "UseDevelopmentStorage=true",
        ["FollowUp:SigningKey"] = LocalAppFixture.FixtureSigningKey,
        ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated-but-long-enough",
        ["ACME_SHOPIFY_SECRET"] = "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",
        ["FollowUp:Sources:Secrets:Shopify"] = "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",
        ["FollowUp:Sources:Secrets:Short"] = "fifteen-chars!!",
        ["FollowUp:Sources:Secrets:Webhook"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ["FollowUp:Sources:Secrets:BareWebhook"] = "whsec_",
        ["FollowUp:Sources:Secrets:ShortWebhook"] = "whsec_MfKQ9r8GKYqrTwjUPD8I",
    };

    private static async Task<string[]> SecretErrorsAsync(SourceKind kind, string setting)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var validator = new SourceValidator(configuration, new SequenceStore(new FollowUpStorage(configuration)));
        var errors = new ValidationErrors();
        var request = new SourceRequest(kind, setting, new Dictionary<string, SourceActionRequest?> { [kind == SourceKind.Shopify ? "orders/create" : "lead.created"] = new(null, "order_placed") });

        await validator.ValidateAsync("acme", request, DateTimeOffset.UnixEpoch, errors, CancellationToken.None);

        return errors.ToDictionary().TryGetValue("secretSetting", out var messages) ? messages : [];
    }

    [Theory]
    [InlineData(SourceKind.Shopify, "FollowUp:Sources:Secrets:Shopify", null)]
    [InlineData(SourceKind.Shopify, "followup:sources:secrets:shopify", null)]
    [InlineData(SourceKind.Webhook, "FollowUp:Sources:Secrets:Webhook", null)]
    [InlineData(SourceKind.Shopify, "FollowUp:SigningKey", "Name the app setting that holds the signing secret, under FollowUp:Sources:Secrets:")]
    [InlineData(SourceKind.Shopify, "FUNCTIONS_WORKER_RUNTIME", "Name the app setting that holds the signing secret, under FollowUp:Sources:Secrets:")]
    [InlineData(SourceKind.Shopify, "ACME_SHOPIFY_SECRET", "Name the app setting that holds the signing secret, under FollowUp:Sources:Secrets:")]
    [InlineData(SourceKind.Shopify, "FollowUp:Sources:Secrets:", "Name the app setting that holds the signing secret, under FollowUp:Sources:Secrets:")]
    [InlineData(SourceKind.Shopify, "FollowUp:Sources:Secrets:Short", "The app setting 'FollowUp:Sources:Secrets:Short' must hold a secret of at least 16 characters.")]
    [InlineData(SourceKind.Webhook, "FollowUp:Sources:Secrets:BareWebhook", "The app setting 'FollowUp:Sources:Secrets:BareWebhook' must hold a Standard Webhooks secret")]
    [InlineData(SourceKind.Webhook, "FollowUp:Sources:Secrets:ShortWebhook", "The app setting 'FollowUp:Sources:Secrets:ShortWebhook' must hold a Standard Webhooks secret")]
    [InlineData(SourceKind.Webhook, "FollowUp:Sources:Secrets:Shopify", "The app setting 'FollowUp:Sources:Secrets:Shopify' must hold a Standard Webhooks secret")]
    public async Task Validate_SecretSetting_MustBeUnderTheNamespaceAndStrong(SourceKind kind, string setting, string? failure)
    {
        var errors = await SecretErrorsAsync(kind, setting);

        if (failure is null)
        {
            Assert.Empty(errors);
            return;
        }

        var error = Assert.Single(errors);
        Assert.StartsWith(failure, error, StringComparison.Ordinal);
        Assert.DoesNotContain("shpss_", error, StringComparison.Ordinal);
        Assert.DoesNotContain("fifteen", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_SourceNamingTheSigningKey_Is400NamingTheFieldWithoutTheKey()
    {
        var response = await local.Http.PutAsJsonAsync($"/api/sources/{TestData.Id("shop")}", new
        {
            kind = "shopify",
            secretSetting = "FollowUp:SigningKey",
            on = new Dictionary<string, object> { ["orders/create"] = new { @event = "order_placed" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(["secretSetting"], JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.DoesNotContain(LocalAppFixture.FixtureSigningKey, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_SourceSavedBeforeTheNamespaceWithAnotherSetting_Is503WithoutTheKey()
    {
        var id = TestData.Id("shop");
        await local.Services.GetRequiredService<SourceStore>().SaveAsync(
            new Source(id, SourceKind.Shopify, "FollowUp:SigningKey", new Dictionary<string, SourceAction> { ["orders/create"] = new(null, "order_placed") }, null, DateTimeOffset.UtcNow),
            CancellationToken.None);
        var body = Encoding.UTF8.GetBytes(ShopifyBody);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sources/{id}/deliveries") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(LocalAppFixture.FixtureSigningKey), body)));

        var response = await local.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain(LocalAppFixture.FixtureSigningKey, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private const string ShopifyBody = """{"id": 1, "email": "ann@example.com", "updated_at": "2024-01-01T00:00:00Z"}""";
}
