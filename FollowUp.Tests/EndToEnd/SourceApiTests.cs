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
}
