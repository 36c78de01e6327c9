using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.Shopify;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FollowUp.Tests.Sources.Shopify;

/// <summary>Shopify webhooks as Shopify sends them: its documented sample payloads, signed as its documentation says.</summary>
public sealed class ShopifyReceiverTests
{
    private const string Secret = "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";
    private const string WebhookId = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043";

    private static readonly Source Source = new(
        "acme-shop",
        SourceKind.Shopify,
        "ACME_SHOPIFY_SECRET",
        new Dictionary<string, SourceAction>
        {
            ["checkouts/create"] = new("abandoned-cart", null),
            ["orders/create"] = new("thank-you", "order_placed"),
        },
        null,
        DateTimeOffset.UnixEpoch);

    private readonly ShopifyReceiver receiver = new();

    /// <summary>Shopify's <c>X-Shopify-Hmac-Sha256</c>, computed here from its documentation: HMAC-SHA256 of the raw body keyed with the secret, base64.</summary>
    private static string Sign(string body, string secret = Secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>A delivery with Shopify's headers; a null header is left out.</summary>
    private static HttpRequest Delivery(string? topic, string? signature, string? webhookId = WebhookId)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.ContentType = "application/json";
        request.Headers["X-Shopify-Shop-Domain"] = "acme.myshopify.com";
        request.Headers["X-Shopify-API-Version"] = "2025-07";
        foreach (var (name, value) in new[] { ("X-Shopify-Topic", topic), ("X-Shopify-Hmac-Sha256", signature), ("X-Shopify-Webhook-Id", webhookId) })
        {
            if (value is not null)
            {
                request.Headers[name] = value;
            }
        }

        return request;
    }

    private Task<ReceivedDelivery> ReceiveAsync(string topic, string body, string? signature, string? webhookId = WebhookId, string? secret = Secret) =>
        receiver.ReceiveAsync(Delivery(topic, signature, webhookId), Encoding.UTF8.GetBytes(body), Source, secret, CancellationToken.None);

    private Task<ReceivedDelivery> ReceiveSignedAsync(string topic, string body) => ReceiveAsync(topic, body, Sign(body));

    private static string Edit(string payload, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(payload)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    private static int Status(ReceivedDelivery delivery) =>
        Assert.IsAssignableFrom<IStatusCodeHttpResult>(Assert.IsType<ReceivedDelivery.Refused>(delivery).Problem).StatusCode!.Value;

    [Fact]
    public void Kind_IsShopify() => Assert.Equal(SourceKind.Shopify, receiver.Kind);

    [Fact]
    public async Task Receive_SampleOrder_AcceptsDeliveryKeyTopicContactAndCompactData()
    {
        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("orders/create", ShopifyPayloads.Order));

        Assert.Equal(ShopDeliveries.Key("orders/create", ShopifyPayloads.Order), accepted.DeliveryId);
        Assert.Equal("orders/create", accepted.Trigger);
        Assert.Null(accepted.EnrollmentKey);
        var contact = accepted.Contact!;
        Assert.Equal("jon@example.com", contact.Email);
        Assert.Null(contact.Phone);
        Assert.Equal(("John", "Smith"), (contact.FirstName, contact.LastName));
        Assert.Null(contact.TimeZone);

        var data = accepted.Data;
        Assert.Equal("#9999", data.GetProperty("name").GetString());
        Assert.Equal(1234, data.GetProperty("order_number").GetInt32());
        Assert.Equal("404.95", data.GetProperty("total_price").GetString());
        Assert.Equal("USD", data.GetProperty("currency").GetString());
        Assert.Equal("https://jsmith.myshopify.com/548380009/orders/123456abcd/authenticate?key=abcdefg", data.GetProperty("order_status_url").GetString());
        Assert.False(data.TryGetProperty("total_price_set", out _));
        Assert.False(data.TryGetProperty("customer", out _));
        Assert.False(data.TryGetProperty("abandoned_checkout_url", out _));
        var items = data.GetProperty("line_items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(
            """{"title":"Aviator sunglasses","quantity":1,"price":"89.99"}""",
            items[0].GetRawText());
        Assert.Equal("Mid-century lounger", items[1].GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("checkouts/create")]
    [InlineData("checkouts/update")]
    public async Task Receive_SampleCheckout_KeysTheEnrollmentByCheckoutToken(string topic)
    {
        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync(topic, ShopifyPayloads.Checkout));

        Assert.Equal(topic, accepted.Trigger);
        Assert.Equal("123123123", accepted.EnrollmentKey);
        Assert.Equal("example@email.com", accepted.Contact!.Email);
        Assert.Equal(("John", "Smith"), (accepted.Contact.FirstName, accepted.Contact.LastName));
        var data = accepted.Data;
        Assert.Equal("123123123", data.GetProperty("token").GetString());
        Assert.Equal("https://checkout.local/548380009/checkouts/123123123/recover?key=example-secret-token", data.GetProperty("abandoned_checkout_url").GetString());
        Assert.Equal("421.88", data.GetProperty("total_price").GetString());
        Assert.Equal("USD", data.GetProperty("currency").GetString());
        Assert.False(data.TryGetProperty("completed_at", out _));
        Assert.All(data.GetProperty("line_items").EnumerateArray(), item =>
        {
            Assert.Equal("IPod Nano - 8GB", item.GetProperty("title").GetString());
            Assert.Equal("Pink", item.GetProperty("variant_title").GetString());
            Assert.Equal("199.00", item.GetProperty("price").GetString());
            Assert.False(item.TryGetProperty("sku", out _));
        });
    }

    [Fact]
    public async Task Receive_OrderWithCheckoutToken_HasNoEnrollmentKey()
    {
        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("orders/create", ShopifyPayloads.Checkout));

        Assert.Null(accepted.EnrollmentKey);
    }

    [Fact]
    public async Task Receive_SampleCustomer_TakesTheContactFromThePayloadItself()
    {
        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("customers/create", ShopifyPayloads.Customer));

        Assert.Equal("customers/create", accepted.Trigger);
        Assert.Equal(new("bob@biller.com", null, "Bob", "Biller", null), accepted.Contact);
        Assert.Equal(706405506930370084, accepted.Data.GetProperty("id").GetInt64());
        Assert.False(accepted.Data.TryGetProperty("line_items", out _));
    }

    [Fact]
    public async Task Receive_OrderWithoutEmail_FallsBackToTheCustomersEmail()
    {
        var body = Edit(ShopifyPayloads.Order, root =>
        {
            root.Remove("email");
            root.Remove("contact_email");
        });

        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("orders/create", body));

        Assert.Equal("john@example.com", accepted.Contact!.Email);
    }

    [Fact]
    public async Task Receive_GuestCheckout_TakesTheNameFromTheBillingAddress()
    {
        var body = Edit(ShopifyPayloads.Checkout, root => root.Remove("customer"));

        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("checkouts/create", body));

        Assert.Equal(("Bob", "Biller"), (accepted.Contact!.FirstName, accepted.Contact.LastName));
    }

    [Theory]
    [InlineData("+16135550123", null, null, "+16135550123")]
    [InlineData(null, "+447911123456", null, "+447911123456")]
    [InlineData(null, null, "(415) 555-0123", "+14155550123")]
    [InlineData("not a phone", null, "415.555.0123", "+14155550123")]
    public async Task Receive_Phones_TakesTheFirstValidOneInE164(string? orderPhone, string? customerPhone, string? billingPhone, string expected)
    {
        var body = Edit(ShopifyPayloads.Order, root =>
        {
            root["phone"] = orderPhone;
            root["customer"]!["phone"] = customerPhone;
            root["billing_address"]!["phone"] = billingPhone;
        });

        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("orders/create", body));

        Assert.Equal(expected, accepted.Contact!.Phone);
    }

    [Fact]
    public async Task Receive_PhoneOnlyInTheCustomersDefaultAddress_IsReadInItsCountry()
    {
        var body = Edit(ShopifyPayloads.Order, root => root["customer"]!["default_address"]!["phone"] = "613-555-0199");

        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("orders/create", body));

        Assert.Equal("+16135550199", accepted.Contact!.Phone);
    }

    [Fact]
    public async Task Receive_InvalidEmailsAndNoPhone_IsIgnored()
    {
        var body = Edit(ShopifyPayloads.Order, root =>
        {
            root["email"] = "jon at example";
            root.Remove("contact_email");
            root.Remove("customer");
        });

        var ignored = Assert.IsType<ReceivedDelivery.Ignored>(await ReceiveSignedAsync("orders/create", body));

        Assert.DoesNotContain("jon", ignored.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_PayloadWithoutContact_IsIgnored() =>
        Assert.IsType<ReceivedDelivery.Ignored>(await ReceiveSignedAsync("products/create", """{"id": 788032119674292922, "title": "Example T-Shirt"}"""));

    [Fact]
    public async Task Receive_MissingSignature_IsRefused401() =>
        Assert.Equal(401, Status(await ReceiveAsync("orders/create", ShopifyPayloads.Order, signature: null)));

    [Fact]
    public async Task Receive_SignedWithAnotherSecret_IsRefused401() =>
        Assert.Equal(401, Status(await ReceiveAsync("orders/create", ShopifyPayloads.Order, Sign(ShopifyPayloads.Order, "shpss_another_shops_secret"))));

    [Fact]
    public async Task Receive_TamperedBody_IsRefused401()
    {
        var tampered = ShopifyPayloads.Order.Replace("jon@example.com", "mallory@example.com", StringComparison.Ordinal);

        Assert.Equal(401, Status(await ReceiveAsync("orders/create", tampered, Sign(ShopifyPayloads.Order))));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")]
    public async Task Receive_MalformedSignature_IsRefused401(string signature) =>
        Assert.Equal(401, Status(await ReceiveAsync("orders/create", ShopifyPayloads.Order, signature)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Receive_NoSecretConfigured_IsRefused401(string? secret) =>
        Assert.Equal(401, Status(await ReceiveAsync("orders/create", ShopifyPayloads.Order, Sign(ShopifyPayloads.Order, ""), secret: secret)));

    [Fact]
    public async Task Receive_SameSignedBodyUnderAnotherOrNoWebhookId_HasTheSameDeliveryKey_AndALaterUpdateAnother()
    {
        var updated = Edit(ShopifyPayloads.Order, root => root["updated_at"] = "2022-01-01T09:30:00-05:00");

        var first = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveAsync("orders/updated", ShopifyPayloads.Order, Sign(ShopifyPayloads.Order)));
        var replayed = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveAsync("orders/updated", ShopifyPayloads.Order, Sign(ShopifyPayloads.Order), webhookId: Guid.NewGuid().ToString()));
        var withoutId = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveAsync("orders/updated", ShopifyPayloads.Order, Sign(ShopifyPayloads.Order), webhookId: null));
        var later = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveAsync("orders/updated", updated, Sign(updated)));

        Assert.Equal(first.DeliveryId, replayed.DeliveryId);
        Assert.Equal(first.DeliveryId, withoutId.DeliveryId);
        Assert.NotEqual(first.DeliveryId, later.DeliveryId);
    }

    [Fact]
    public async Task Receive_MissingTopic_IsRefused400NamingTheHeader()
    {
        var request = Delivery(topic: null, Sign(ShopifyPayloads.Order));

        var refused = Assert.IsType<ReceivedDelivery.Refused>(
            await receiver.ReceiveAsync(request, Encoding.UTF8.GetBytes(ShopifyPayloads.Order), Source, Secret, CancellationToken.None));

        Assert.Equal(["X-Shopify-Topic"], Assert.IsType<ValidationProblem>(refused.Problem).ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("""{"id": 1, "email": "jon@example.com" """)]
    [InlineData("""["jon@example.com"]""")]
    [InlineData("")]
    public async Task Receive_SignedBodyThatIsNotAJsonObject_IsRefused400(string body)
    {
        var refused = Assert.IsType<ReceivedDelivery.Refused>(await ReceiveSignedAsync("orders/create", body));

        var problem = Assert.IsType<ValidationProblem>(refused.Problem);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal(["$"], problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void Answer_AnyOutcome_IsThatOutcomeAsJson200()
    {
        var outcome = new DeliveryOutcome(false, false, "enr-1", ["enr-0"]);

        var answer = Assert.IsType<JsonHttpResult<DeliveryOutcome>>(receiver.Answer(Source, outcome));

        Assert.Equal(200, answer.StatusCode);
        Assert.Same(outcome, answer.Value);
    }
}
