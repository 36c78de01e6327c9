using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Channels.Twilio;
using FollowUp.Local.Keys;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

/// <summary>FollowUp.Local end to end: twenty enrollments, replies, a texted STOP and an order, each webhook delivered twice; the report says exactly what was done.</summary>
public sealed class ReportApiTests : IAsyncLifetime
{
    private const string AuthToken = "twilio-inbound-token-report";
    private const string PublicBaseUrl = "https://followup.acme.example";
    private const string ApiKey = "report-api-key-e2e";
    private ConfiguredLocalApp app = null!;

    private HttpClient Http => app.Http;

    public async Task InitializeAsync()
    {
        app = await ConfiguredLocalApp.StartAsync(Configure);
        app.Http.DefaultRequestHeaders.Add(ApiKeyFilter.Header, ApiKey);
    }

    private static void Configure(Dictionary<string, string?> settings)
    {
        settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
        settings["FollowUp:Twilio:AccountSid"] = FakeTwilio.AccountSid;
        settings["FollowUp:Twilio:AuthToken"] = AuthToken;
        settings["FollowUp:ApiKey"] = ApiKey;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private Task<HttpResponseMessage> TextAsync(Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/inbound/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioRequests.Sign(AuthToken, PublicBaseUrl + "/api/inbound/twilio", form));
        return Http.SendAsync(request);
    }

    private async Task<JsonElement> ReportAsync(string sequenceId, string query = "")
    {
        var response = await Http.GetAsync($"/api/sequences/{sequenceId}/report{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<Dictionary<string, string>[]> CsvAsync(string sequenceId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sequences/{sequenceId}/report");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await Http.SendAsync(request);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n");
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    /// <summary>Checks the figures both forms of the report give against what the test did.</summary>
    private async Task AssertFiguresAsync(string sequenceId, int enrolled, int replied, int halted)
    {
        foreach (var report in new[] { await ReportAsync(sequenceId), await ReportAsync(sequenceId, $"?tz=Europe/London&from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}") })
        {
            var enrollments = report.GetProperty("enrollments");
            Assert.Equal(enrolled, enrollments.GetProperty("enrolled").GetInt64());
            Assert.Equal(halted, enrollments.GetProperty("halted").GetInt64());
            var first = report.GetProperty("steps")[0];
            Assert.Equal("first", first.GetProperty("stepId").GetString());
            var counts = first.GetProperty("counts");
            Assert.Equal(enrolled, counts.GetProperty("sent").GetInt64());
            Assert.Equal(replied, counts.GetProperty("replied").GetInt64());
            Assert.Equal(1, counts.GetProperty("unsubscribed").GetInt64());
            Assert.Equal(1, counts.GetProperty("converted").GetInt64());
            Assert.Equal((double)replied / enrolled, first.GetProperty("rates").GetProperty("reply").GetDouble(), 6);
            Assert.Equal(replied, first.GetProperty("responseTimes").GetProperty("replied").GetProperty("count").GetInt64());
            var second = report.GetProperty("steps")[1].GetProperty("counts");
            Assert.All(new[] { "sent", "replied", "unsubscribed", "converted" }, metric => Assert.Equal(0, second.GetProperty(metric).GetInt64()));
        }

        Assert.Equal(enrolled - halted, (await ReportAsync(sequenceId)).GetProperty("enrollments").GetProperty("active").GetInt64());
        var rows = await CsvAsync(sequenceId);
        Assert.Equal(enrolled.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[0]["enrolled"]);
        Assert.Equal(halted.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[0]["halted"]);
        var csvFirst = rows.Single(r => r["step"] == "first");
        Assert.Equal(enrolled.ToString(System.Globalization.CultureInfo.InvariantCulture), csvFirst["sent"]);
        Assert.Equal(replied.ToString(System.Globalization.CultureInfo.InvariantCulture), csvFirst["replied"]);
        Assert.Equal("1", csvFirst["unsubscribed"]);
        Assert.Equal("1", csvFirst["converted"]);
        Assert.Equal("0", rows.Single(r => r["step"] == "second")["sent"]);
    }

    [Fact]
    public async Task Report_AfterRepliesStopAndAnOrderEachDeliveredTwice_EqualsWhatWasDone()
    {
        var sequenceId = TestData.Id("seq");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.StoppingOn(["order_placed"], SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P3D")))).EnsureSuccessStatusCode();
        var contacts = Enumerable.Range(0, 20).Select(_ => (Email: TestData.Email(), Phone: TestData.Phone())).ToList();
        var enrollments = new List<string>();
        foreach (var (email, phone) in contacts)
        {
            var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, phone, firstName = "Ann" } }));
            enrollments.Add(created.EnrollmentId);
        }

        await LocalAppFixture.EventuallyAsync(async () =>
        {
            foreach (var id in enrollments)
            {
                var view = await LocalAppFixture.ReadAsync<EnrollmentView>(await Http.GetAsync($"/api/enrollments/{id}"));
                if (view.Steps[0].Status != StepStatus.Sent)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(90), "every first step is sent");

        var stop = TwilioRequests.IncomingMessage(contacts[5].Phone, "STOP");
        for (var delivery = 0; delivery < 2; delivery++)
        {
            foreach (var (email, _) in contacts.Take(5))
            {
                (await Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = email, text = "Yes please" })).EnsureSuccessStatusCode();
            }

            (await TextAsync(stop)).EnsureSuccessStatusCode();
            (await Http.PostAsJsonAsync("/api/events", new { name = "order_placed", contact = new { email = contacts[6].Email } })).EnsureSuccessStatusCode();
            await AssertFiguresAsync(sequenceId, enrolled: 20, replied: 5, halted: 6);
        }
    }

    [Fact]
    public async Task Report_BadQueryOrNoKey_IsAProblemNamingTheFieldAndStoresNothing()
    {
        var sequenceId = TestData.Id("seq");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("One", true, SequenceJson.Email("first", "P1D")))).EnsureSuccessStatusCode();
        (string Query, string Field)[] cases =
        [
            ("?tz=Mars/Olympus", "tz"), ("?version=0", "version"), ("?from=2026-01-01", "to"),
            ("?from=2026-02-01&to=2026-01-01", "to"), ("?from=1%2F1%2F2026&to=2026-01-01", "from"), ("?from=2025-01-01&to=2026-12-31", "to"),
        ];

        foreach (var (query, field) in cases)
        {
            var response = await Http.GetAsync($"/api/sequences/{sequenceId}/report{query}");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), query);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/sequences/{sequenceId}/report?version=9")).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/sequences/{sequenceId}/report")).StatusCode);
    }
}
