using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.WooCommerce;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FollowUp.Tests.Sources.WooCommerce;

/// <summary>WooCommerce webhooks as <c>WC_Webhook::deliver</c> and <c>deliver_ping</c> send them, on its documented example resources.</summary>
public sealed class WooCommerceReceiverTests
{
    private const string Secret = "x@3]Kq~v8 &Zr!pL0#w9^Yt(2)";
    private const string DeliveryId = "5d3b9a3b6c8f1e2a4b7c9d0e1f2a3b4c";

    private static readonly Source Source = new(
        "acme-woo",
        SourceKind.Woocommerce,
        "ACME_WOO_SECRET",
        new Dictionary<string, SourceAction> { ["order.created"] = new("thank-you", "order_placed") },
        null,
        DateTimeOffset.UnixEpoch);

    private readonly WooCommerceReceiver receiver = new();

    /// <summary>WooCommerce's <c>X-WC-Webhook-Signature</c>, as <c>WC_Webhook::generate_signature</c> computes it: base64 of the raw HMAC-SHA256 of the body keyed with the secret.</summary>
    private static string Sign(string body, string secret = Secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>A delivery with the headers <c>WC_Webhook::deliver</c> sets; a null header is left out.</summary>
    private static HttpRequest Delivery(string? topic, string? signature, string? deliveryId = DeliveryId)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.ContentType = "application/json";
        request.Headers.UserAgent = "WooCommerce/9.8.5 Hookshot (WordPress/6.8.1)";
        request.Headers["X-WC-Webhook-Source"] = "https://acme.example/";
        request.Headers["X-WC-Webhook-ID"] = "12";
        if (topic is not null)
        {
            request.Headers["X-WC-Webhook-Topic"] = topic;
            request.Headers["X-WC-Webhook-Resource"] = topic.Split('.')[0];
            request.Headers["X-WC-Webhook-Event"] = topic.Split('.')[1];
        }

        foreach (var (name, value) in new[] { ("X-WC-Webhook-Signature", signature), ("X-WC-Webhook-Delivery-ID", deliveryId) })
        {
            if (value is not null)
            {
                request.Headers[name] = value;
            }
        }

        return request;
    }

    private Task<ReceivedDelivery> ReceiveAsync(HttpRequest request, string body, string? secret = Secret) =>
        receiver.ReceiveAsync(request, Encoding.UTF8.GetBytes(body), Source, secret, CancellationToken.None);

    private Task<ReceivedDelivery> ReceiveSignedAsync(string topic, string body) => ReceiveAsync(Delivery(topic, Sign(body)), body);

    /// <summary>The ping <c>WC_Webhook::deliver_ping</c> posts when a webhook is saved: a form body, no WooCommerce headers, no signature.</summary>
    private static HttpRequest Ping()
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.ContentType = "application/x-www-form-urlencoded";
        request.Headers.UserAgent = "WooCommerce/9.8.5 Hookshot (WordPress/6.8.1)";
        return request;
    }

    private static int Status(ReceivedDelivery delivery) =>
        Assert.IsAssignableFrom<IStatusCodeHttpResult>(Assert.IsType<ReceivedDelivery.Refused>(delivery).Problem).StatusCode!.Value;

    [Fact]
    public void Kind_IsWoocommerce() => Assert.Equal(SourceKind.Woocommerce, receiver.Kind);

    [Fact]
    public async Task Receive_ExampleOrder_AcceptsDeliveryKeyTopicContactAndCompactData()
    {
        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("order.created", WooCommercePayloads.Order));

        Assert.Equal(ShopDeliveries.Key("order.created", WooCommercePayloads.Order), accepted.DeliveryId);
        Assert.Equal("order.created", accepted.Trigger);
        Assert.Null(accepted.EnrollmentKey);
        Assert.Equal(new("john.doe@example.com", null, "John", "Doe", null), accepted.Contact);

        var data = accepted.Data;
        Assert.Equal(727, data.GetProperty("id").GetInt32());
        Assert.Equal("727", data.GetProperty("number").GetString());
        Assert.Equal("processing", data.GetProperty("status").GetString());
        Assert.Equal("USD", data.GetProperty("currency").GetString());
        Assert.Equal("29.35", data.GetProperty("total").GetString());
        Assert.False(data.TryGetProperty("billing", out _));
        Assert.False(data.TryGetProperty("meta_data", out _));
        var items = data.GetProperty("line_items").EnumerateArray().ToList();
        Assert.Equal("""{"name":"Woo Single #1","quantity":2,"price":3,"total":"6.00"}""", items[0].GetRawText());
        Assert.Equal("Ship Your Idea \u2013 Color: Black, Size: M Test", items[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Receive_TwoOrdersInOneSecond_HaveDistinctDeliveryIds()
    {
        var second = JsonNode.Parse(WooCommercePayloads.Order)!.AsObject();
        second["id"] = 728;
        var secondBody = second.ToJsonString();

        var first = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("order.created", WooCommercePayloads.Order));
        var next = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("order.created", secondBody));

        Assert.NotEqual(first.DeliveryId, next.DeliveryId);
    }

    [Fact]
    public async Task Receive_ExampleCustomer_TakesTheCustomersOwnFields()
    {
        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("customer.created", WooCommercePayloads.Customer));

        Assert.Equal(ShopDeliveries.Key("customer.created", WooCommercePayloads.Customer), accepted.DeliveryId);
        Assert.Equal("customer.created", accepted.Trigger);
        Assert.Equal(new("john.doe@example.com", null, "John", "Doe", null), accepted.Contact);
        Assert.Equal(25, accepted.Data.GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("(415) 555-0123", "US", "+14155550123")]
    [InlineData("020 7946 0018", "GB", "+442079460018")]
    [InlineData("+447911123456", "US", "+447911123456")]
    [InlineData("(555) 555-5555", "US", null)]
    [InlineData("(415) 555-0123", "", null)]
    public async Task Receive_BillingPhone_IsReadInTheBillingCountry(string phone, string country, string? expected)
    {
        var order = JsonNode.Parse(WooCommercePayloads.Order)!.AsObject();
        order["billing"]!["phone"] = phone;
        order["billing"]!["country"] = country;

        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("order.created", order.ToJsonString()));

        Assert.Equal(expected, accepted.Contact!.Phone);
    }

    [Fact]
    public async Task Receive_OrderWithOnlyAShippingPhone_TakesIt()
    {
        var order = JsonNode.Parse(WooCommercePayloads.Order)!.AsObject();
        order["billing"]!["email"] = "";
        order["billing"]!["phone"] = "";
        order["shipping"]!["phone"] = "0412 345 678";
        order["shipping"]!["country"] = "AU";

        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("order.created", order.ToJsonString()));

        Assert.Equal(new(null, "+61412345678", "John", "Doe", null), accepted.Contact);
    }

    [Fact]
    public async Task Receive_ActionTopicWithoutContact_IsIgnored() =>
        Assert.IsType<ReceivedDelivery.Ignored>(
            await ReceiveSignedAsync("action.woocommerce_add_to_cart", """{"action": "woocommerce_add_to_cart", "arg": "3c59dc048e8850243be8079a5c74d079"}"""));

    [Fact]
    public async Task Receive_Ping_IsIgnoredWithoutASignature() =>
        Assert.IsType<ReceivedDelivery.Ignored>(await ReceiveAsync(Ping(), "webhook_id=12", secret: null));

    [Theory]
    [InlineData("webhook_id=")]
    [InlineData("webhook_id=12&email=mallory@example.com")]
    [InlineData("""{"id": 727}""")]
    public async Task Receive_UnsignedPostThatIsNotAPing_IsRefused401(string body) =>
        Assert.Equal(401, Status(await ReceiveAsync(Ping(), body)));

    [Fact]
    public async Task Receive_PingBodyWithATopic_IsNotTakenForAPing() =>
        Assert.Equal(401, Status(await ReceiveAsync(Delivery("order.created", signature: null), "webhook_id=12")));

    [Fact]
    public async Task Receive_SignedWithAnotherSecret_IsRefused401() =>
        Assert.Equal(401, Status(await ReceiveAsync(Delivery("order.created", Sign(WooCommercePayloads.Order, "another webhook's secret")), WooCommercePayloads.Order)));

    [Fact]
    public async Task Receive_TamperedBody_IsRefused401()
    {
        var tampered = WooCommercePayloads.Order.Replace("\"total\": \"29.35\"", "\"total\": \"0.01\"", StringComparison.Ordinal);

        Assert.Equal(401, Status(await ReceiveAsync(Delivery("order.created", Sign(WooCommercePayloads.Order)), tampered)));
    }

    [Fact]
    public async Task Receive_NoSecretConfigured_IsRefused401() =>
        Assert.Equal(401, Status(await ReceiveAsync(Delivery("order.created", Sign(WooCommercePayloads.Order, "")), WooCommercePayloads.Order, secret: null)));

    [Fact]
    public async Task Receive_SameSignedBodyUnderAnotherOrNoDeliveryId_HasTheSameDeliveryKey_AndALaterChangeAnother()
    {
        var modified = JsonNode.Parse(WooCommercePayloads.Order)!.AsObject();
        modified["date_modified"] = "2017-03-23T07:01:14";
        modified["date_modified_gmt"] = "2017-03-23T10:01:14";
        var later = modified.ToJsonString();

        var first = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("order.updated", WooCommercePayloads.Order));
        var replayed = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveAsync(Delivery("order.updated", Sign(WooCommercePayloads.Order), deliveryId: "another-delivery-id"), WooCommercePayloads.Order));
        var withoutId = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveAsync(Delivery("order.updated", Sign(WooCommercePayloads.Order), deliveryId: null), WooCommercePayloads.Order));
        var changed = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveSignedAsync("order.updated", later));

        Assert.Equal(first.DeliveryId, replayed.DeliveryId);
        Assert.Equal(first.DeliveryId, withoutId.DeliveryId);
        Assert.NotEqual(first.DeliveryId, changed.DeliveryId);
    }

    [Fact]
    public async Task Receive_SignedWithoutTopic_IsRefused400NamingTheHeader()
    {
        var refused = await ReceiveAsync(Delivery(topic: null, Sign(WooCommercePayloads.Order)), WooCommercePayloads.Order);

        var problem = Assert.IsType<ValidationProblem>(Assert.IsType<ReceivedDelivery.Refused>(refused).Problem);
        Assert.Equal(["X-WC-Webhook-Topic"], problem.ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("""{"id": 727, "billing": {""")]
    [InlineData("727")]
    public async Task Receive_SignedBodyThatIsNotAJsonObject_IsRefused400(string body)
    {
        var problem = Assert.IsType<ValidationProblem>(Assert.IsType<ReceivedDelivery.Refused>(await ReceiveSignedAsync("order.created", body)).Problem);

        Assert.Equal(400, problem.StatusCode);
        Assert.Equal(["$"], problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void Answer_AnyOutcome_IsThatOutcomeAsJson200()
    {
        var answer = Assert.IsType<JsonHttpResult<DeliveryOutcome>>(receiver.Answer(Source, DeliveryOutcome.Nothing));

        Assert.Equal(200, answer.StatusCode);
        Assert.Same(DeliveryOutcome.Nothing, answer.Value);
    }
}
