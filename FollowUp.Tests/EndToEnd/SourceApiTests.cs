using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Sources;

namespace FollowUp.Tests.EndToEnd;

public sealed class SourceApiTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private async Task<string> SequenceAsync(params string[] stopOnEvents)
    {
        var id = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.StoppingOn(stopOnEvents, SequenceJson.Email("hello", "P1D")))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<string> WebhookSourceAsync(object on)
    {
        var id = TestData.Id("crm");
        var response = await local.Http.PutAsJsonAsync($"/api/sources/{id}", new { kind = "webhook", secretSetting = LocalAppFixture.WebhookSecretSetting, on });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return id;
    }

    private async Task<HttpResponseMessage> DeliverAsync(string sourceId, string body, string? webhookId = null, string? signature = null, long? timestamp = null)
    {
        var id = webhookId ?? "msg_" + Guid.NewGuid().ToString("N");
        var at = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sources/{sourceId}/deliveries") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature ?? WebhookSigning.Sign(LocalAppFixture.WebhookSecret, id, at, body));
        return await local.Http.SendAsync(request);
    }

    private static string Lead(string email, string type = "lead.created") =>
        JsonSerializer.Serialize(new { type, contact = new { email, firstName = "Ann" }, data = new { plan = "pro" } });

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Put_ThenGet_ReturnsTheSourceWithItsDeliveryPathAndNoSecret()
    {
        var sequence = await SequenceAsync();
        var id = await WebhookSourceAsync(new Dictionary<string, object> { ["lead.created"] = new { enroll = sequence } });

        var got = await JsonOf(await local.Http.GetAsync($"/api/sources/{id}"));

        Assert.Equal("webhook", got.GetProperty("kind").GetString());
        Assert.Equal($"/api/sources/{id}/deliveries", got.GetProperty("deliveryPath").GetString());
        Assert.Equal(sequence, got.GetProperty("on").GetProperty("lead.created").GetProperty("enroll").GetString());
        Assert.DoesNotContain(LocalAppFixture.WebhookSecret, got.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_Invalid_Returns400NamingEveryFieldAndStoresNothing()
    {
        var id = TestData.Id("bad");
        var response = await local.Http.PutAsJsonAsync($"/api/sources/{id}", new
        {
            kind = "webhook",
            secretSetting = "NOT_SET_ANYWHERE",
            on = new Dictionary<string, object> { ["lead.created"] = new { enroll = "no-such-sequence" }, ["bad type!"] = new { @event = "x" }, ["lead.lost"] = new { } },
            redirectUrl = "https://acme.example/thanks",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await JsonOf(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["on.bad type!", "on.lead.created.enroll", "on.lead.lost", "redirectUrl", "secretSetting"], fields);
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sources/{id}")).StatusCode);
    }

    [Fact]
    public async Task Put_FormSource_KeepsItsSettingsAndDefaults()
    {
        var sequence = await SequenceAsync();
        var id = TestData.Id("form");
        var response = await local.Http.PutAsJsonAsync($"/api/sources/{id}", new
        {
            kind = "form",
            on = new { submit = new { enroll = sequence } },
            redirectUrl = "https://acme.example/thanks",
            allowedOrigins = new[] { "https://ACME.example/" },
            fields = new { email = "your-email" },
        });

        var saved = await JsonOf(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://acme.example", saved.GetProperty("allowedOrigins")[0].GetString());
        Assert.Equal("_gotcha", saved.GetProperty("honeypot").GetString());
        Assert.Equal("your-email", saved.GetProperty("fields").GetProperty("email").GetString());
        Assert.Equal("phone", saved.GetProperty("fields").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Delivery_Signed_EnrollsOnce_AndItsRepeatDoesNothing()
    {
        var sequence = await SequenceAsync();
        var source = await WebhookSourceAsync(new Dictionary<string, object> { ["lead.created"] = new { enroll = sequence } });
        var body = Lead(TestData.Email());

        var first = await DeliverAsync(source, body, webhookId: "msg_once");
        var repeat = await DeliverAsync(source, body, webhookId: "msg_once");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var outcome = await JsonOf(first);
        var enrollmentId = outcome.GetProperty("enrollmentId").GetString()!;
        var enrollment = await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));
        Assert.Equal(sequence, enrollment.SequenceId);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.True((await JsonOf(repeat)).GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task Delivery_ContactActiveOrEnrolledBeforeInANeverReenrollingSequence_IsAlreadyEnrolled()
    {
        var sequence = TestData.Id("once");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequence}", new { name = "Once", steps = new[] { SequenceJson.Email("hello", "P1D") }, reenroll = "never" })).EnsureSuccessStatusCode();
        var source = await WebhookSourceAsync(new Dictionary<string, object> { ["lead.created"] = new { enroll = sequence } });
        var email = TestData.Email();
        var first = (await JsonOf(await DeliverAsync(source, Lead(email)))).GetProperty("enrollmentId").GetString();

        var whileActive = await DeliverAsync(source, Lead(email));
        (await local.Http.PostAsJsonAsync("/api/replies", new { enrollmentId = first })).EnsureSuccessStatusCode();
        var afterHalt = await DeliverAsync(source, Lead(email));

        Assert.Equal(HttpStatusCode.OK, whileActive.StatusCode);
        Assert.Equal(first, (await JsonOf(whileActive)).GetProperty("enrollmentId").GetString());
        Assert.Equal(HttpStatusCode.OK, afterHalt.StatusCode);
        Assert.Equal(first, (await JsonOf(afterHalt)).GetProperty("enrollmentId").GetString());
    }

    [Fact]
    public async Task Delivery_EventType_HaltsTheContactsEnrollment()
    {
        var cart = await SequenceAsync("order_placed");
        var source = await WebhookSourceAsync(new Dictionary<string, object>
        {
            ["cart.abandoned"] = new { enroll = cart },
            ["order.placed"] = new { @event = "order_placed" },
        });
        var email = TestData.Email();
        var enrolled = (await JsonOf(await DeliverAsync(source, Lead(email, "cart.abandoned")))).GetProperty("enrollmentId").GetString();

        var order = await JsonOf(await DeliverAsync(source, Lead(email, "order.placed")));

        Assert.Equal([enrolled], order.GetProperty("halted").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Delivery_UnmappedType_IsAnsweredAndDoesNothing()
    {
        var source = await WebhookSourceAsync(new Dictionary<string, object> { ["lead.created"] = new { @event = "x" } });

        var response = await DeliverAsync(source, Lead(TestData.Email(), "invoice.paid"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await JsonOf(response)).GetProperty("ignored").GetBoolean());
    }

    [Fact]
    public async Task Delivery_Refusals_AreProblemsAndStoreNothing()
    {
        var sequence = await SequenceAsync();
        var source = await WebhookSourceAsync(new Dictionary<string, object> { ["lead.created"] = new { enroll = sequence } });
        var email = TestData.Email();
        var body = Lead(email);
        var stale = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();

        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(source, body, signature: "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(source, body, webhookId: "msg_t", signature: WebhookSigning.Sign(LocalAppFixture.WebhookSecret, "msg_t", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body.Replace("pro", "max", StringComparison.Ordinal)))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await DeliverAsync(source, body, timestamp: stale)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await DeliverAsync(source, "{not json")).StatusCode);
        var noContact = await DeliverAsync(source, """{"type":"lead.created","contact":{"firstName":"Ann"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, noContact.StatusCode);
        Assert.True((await JsonOf(noContact)).GetProperty("errors").TryGetProperty("contact", out _));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await DeliverAsync(source, new string(' ', 300 * 1024))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DeliverAsync("no-such-source", body)).StatusCode);

        // None of these enrolled the contact: a valid delivery now enrolls it afresh.
        var valid = await JsonOf(await DeliverAsync(source, body));
        Assert.True(valid.TryGetProperty("enrollmentId", out _));
    }

    [Fact]
    public async Task Delivery_FailedThenRetried_IsActedOnTheSecondTime()
    {
        var sequence = await SequenceAsync();
        var source = await WebhookSourceAsync(new Dictionary<string, object> { ["lead.created"] = new { enroll = sequence } });

        var invalid = await DeliverAsync(source, """{"type":"lead.created","contact":{"email":"not-an-email"}}""", webhookId: "msg_retry");
        var retried = await DeliverAsync(source, Lead(TestData.Email()), webhookId: "msg_retry");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.False((await JsonOf(retried)).GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task TypeformDelivery_DocumentedExample_EnrollsTheRespondentOnce()
    {
        var sequence = await SequenceAsync();
        var source = TestData.Id("typeform");
        (await local.Http.PutAsJsonAsync($"/api/sources/{source}", new
        {
            kind = "typeform",
            secretSetting = LocalAppFixture.ProviderSecretSetting,
            on = new { form_response = new { enroll = sequence } },
        })).EnsureSuccessStatusCode();
        var body = Encoding.UTF8.GetBytes(FollowUp.Tests.Sources.Typeform.TypeformPayloads.DocumentedExample);
        var signature = "sha256=" + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(LocalAppFixture.ProviderSecret), body));

        async Task<JsonElement> DeliverAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sources/{source}/deliveries") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add("Typeform-Signature", signature);
            var response = await local.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await JsonOf(response);
        }

        var first = await DeliverAsync();
        var repeat = await DeliverAsync();

        var enrollment = await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{first.GetProperty("enrollmentId").GetString()}"));
        Assert.Equal(sequence, enrollment.SequenceId);
        Assert.True(repeat.GetProperty("duplicate").GetBoolean());
    }

    private async Task<string> FormSourceAsync(string sequence)
    {
        var id = TestData.Id("form");
        (await local.Http.PutAsJsonAsync($"/api/sources/{id}", new
        {
            kind = "form",
            on = new { submit = new { enroll = sequence } },
            redirectUrl = "https://acme.example/thanks",
            allowedOrigins = new[] { "https://acme.example" },
            fields = new { email = "your-email" },
        })).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<HttpResponseMessage> SubmitAsync(string source, Dictionary<string, string> fields, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sources/{source}/deliveries") { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        // A browser would follow the 303 to the business's site; the test only looks at it.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = local.Http.BaseAddress };
        return await browser.SendAsync(request);
    }

    [Fact]
    public async Task FormSubmission_RedirectsAndEnrollsTheVisitor()
    {
        var sequence = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequence}", SequenceJson.Sequence("Lead", true, SequenceJson.Email("thanks", "PT0S", subject: "Thanks {{ contact.firstName }}, about {{ data.interest }}")))).EnsureSuccessStatusCode();
        var source = await FormSourceAsync(sequence);
        var email = TestData.Email();

        var response = await SubmitAsync(source, new() { ["your-email"] = email, ["name"] = "Ann Lee", ["interest"] = "kettles", ["_gotcha"] = "" }, origin: "https://acme.example");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("https://acme.example/thanks", response.Headers.Location?.AbsoluteUri);
        Assert.Equal("https://acme.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        await LocalAppFixture.EventuallyAsync(
            async () => await Task.WhenAll(local.Outbox.Files("*.eml").Select(f => File.ReadAllTextAsync(f))) is var emails
                && emails.Any(e => e.Contains(email, StringComparison.Ordinal) && e.Contains("Subject: Thanks Ann, about kettles", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(15),
            "the thank-you email is sent");
    }

    [Fact]
    public async Task FormSubmission_HoneypotFilled_AnswersAlikeButEnrollsNothing()
    {
        var sequence = await SequenceAsync();
        var source = await FormSourceAsync(sequence);
        var email = TestData.Email();

        var response = await SubmitAsync(source, new() { ["your-email"] = email, ["_gotcha"] = "http://spam.example" });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var direct = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId = sequence, contact = new { email } });
        Assert.Equal(HttpStatusCode.Created, direct.StatusCode);
    }

    [Fact]
    public async Task FormSubmission_WithoutEmailOrPhone_Is400NamingTheFormsField()
    {
        var source = await FormSourceAsync(await SequenceAsync());

        var response = await SubmitAsync(source, new() { ["name"] = "Ann" }, origin: "https://acme.example");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonOf(response)).GetProperty("errors").TryGetProperty("your-email", out _));
        Assert.Equal("https://acme.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("https://acme.example", HttpStatusCode.NoContent)]
    [InlineData("https://evil.example", HttpStatusCode.Forbidden)]
    public async Task FormPreflight_AllowsTheSourcesOriginsOnly(string origin, HttpStatusCode expected)
    {
        var source = await FormSourceAsync(await SequenceAsync());
        using var request = new HttpRequestMessage(HttpMethod.Options, $"/api/sources/{source}/deliveries");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await local.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.NoContent, response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<JsonElement> ShopifyAsync(string source, string topic, string body, HttpStatusCode expected = HttpStatusCode.OK, string secret = LocalAppFixture.ProviderSecret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sources/{source}/deliveries") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes)));
        var response = await local.Http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        return await JsonOf(response);
    }

    [Fact]
    public async Task ShopifyCheckout_EnrollsOncePerToken_UpdatesItsData_AndTheOrderHaltsIt()
    {
        var cart = await SequenceAsync("order_placed");
        var thanks = await SequenceAsync();
        var source = TestData.Id("shop");
        (await local.Http.PutAsJsonAsync($"/api/sources/{source}", new
        {
            kind = "shopify",
            secretSetting = LocalAppFixture.ProviderSecretSetting,
            on = new Dictionary<string, object>
            {
                ["checkouts/create"] = new { enroll = cart },
                ["checkouts/update"] = new { enroll = cart },
                ["orders/create"] = new { @event = "order_placed", enroll = thanks },
            },
        })).EnsureSuccessStatusCode();
        var email = TestData.Email();
        var checkout = FollowUp.Tests.Sources.Shopify.ShopifyPayloads.Checkout.Replace("example@email.com", email, StringComparison.Ordinal);

        var created = await ShopifyAsync(source, "checkouts/create", checkout);
        var updated = await ShopifyAsync(source, "checkouts/update", checkout.Replace("\"total_price\": \"", "\"total_price\": \"1", StringComparison.Ordinal));
        var order = await ShopifyAsync(source, "orders/create", FollowUp.Tests.Sources.Shopify.ShopifyPayloads.Order.Replace("jon@example.com", email, StringComparison.Ordinal));

        var cartEnrollment = created.GetProperty("enrollmentId").GetString();
        Assert.Equal(cartEnrollment, updated.GetProperty("enrollmentId").GetString());
        Assert.Equal([cartEnrollment], order.GetProperty("halted").EnumerateArray().Select(e => e.GetString()));
        var thanksEnrollment = await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{order.GetProperty("enrollmentId").GetString()}"));
        Assert.Equal(thanks, thanksEnrollment.SequenceId);
        var halted = await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{cartEnrollment}"));
        Assert.Equal("event:order_placed", halted.HaltReason);
    }

    [Fact]
    public async Task ShopifyDelivery_WithAnotherSecretsSignature_Is401()
    {
        var source = TestData.Id("shop");
        (await local.Http.PutAsJsonAsync($"/api/sources/{source}", new
        {
            kind = "shopify",
            secretSetting = LocalAppFixture.ProviderSecretSetting,
            on = new Dictionary<string, object> { ["orders/create"] = new { @event = "order_placed" } },
        })).EnsureSuccessStatusCode();
        var refused = await ShopifyAsync(source, "orders/create", FollowUp.Tests.Sources.Shopify.ShopifyPayloads.Order, HttpStatusCode.Unauthorized, secret: "another-secret");

        Assert.Equal(401, refused.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task WooCommercePing_OnWebhookCreation_IsAnswered200()
    {
        var source = TestData.Id("woo");
        (await local.Http.PutAsJsonAsync($"/api/sources/{source}", new
        {
            kind = "woocommerce",
            secretSetting = LocalAppFixture.ProviderSecretSetting,
            on = new Dictionary<string, object> { ["order.created"] = new { @event = "order_placed" } },
        })).EnsureSuccessStatusCode();

        var response = await local.Http.PostAsync($"/api/sources/{source}/deliveries", new FormUrlEncodedContent(new Dictionary<string, string> { ["webhook_id"] = "17" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
