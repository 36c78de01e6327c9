using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Sources.Shopify;
using FollowUp.Tests.Sources.WooCommerce;

namespace FollowUp.Tests.Sources;

/// <summary>A captured shop delivery posted again under a fresh delivery id header acts once: the id header is outside the signature.</summary>
public sealed class ShopDeliveryReplayTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    [Theory]
    [InlineData("shopify", "orders/updated", "X-Shopify-Topic", "X-Shopify-Hmac-Sha256", "X-Shopify-Webhook-Id")]
    [InlineData("woocommerce", "order.updated", "X-WC-Webhook-Topic", "X-WC-Webhook-Signature", "X-WC-Webhook-Delivery-ID")]
    public async Task Deliver_SameSignedBodyUnderANewId_ActsOnce_AndALaterUpdateActs(string kind, string topic, string topicHeader, string signatureHeader, string idHeader)
    {
        var source = TestData.Id(kind);
        (await local.Http.PutAsJsonAsync($"/api/sources/{source}", new
        {
            kind,
            secretSetting = LocalAppFixture.ProviderSecretSetting,
            on = new Dictionary<string, object> { [topic] = new { @event = "order_changed" } },
        })).EnsureSuccessStatusCode();
        var body = kind == "shopify" ? ShopifyPayloads.Order : WooCommercePayloads.Order;
        var changed = JsonNode.Parse(body)!.AsObject();
        changed[kind == "shopify" ? "updated_at" : "date_modified_gmt"] = "2022-01-05T15:00:00";
        var update = changed.ToJsonString();

        async Task<bool> DuplicateAsync(string payload)
        {
            var bytes = Encoding.UTF8.GetBytes(payload);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sources/{source}/deliveries") { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add(topicHeader, topic);
            request.Headers.Add(idHeader, Guid.NewGuid().ToString());
            request.Headers.Add(signatureHeader, Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(LocalAppFixture.ProviderSecret), bytes)));
            var response = await local.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean();
        }

        Assert.False(await DuplicateAsync(body));
        Assert.True(await DuplicateAsync(body));
        Assert.False(await DuplicateAsync(update));
    }
}
