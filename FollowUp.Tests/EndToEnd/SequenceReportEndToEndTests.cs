using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using CsvHelper;
using FollowUp.Engine.Enrollments;
using FollowUp.Local.Keys;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Channels.Twilio;
using FollowUp.Tests.Fixtures;
using MimeKit;

namespace FollowUp.Tests.EndToEnd;

/// <summary>
/// Issue 16's check through FollowUp.Local: a three-step sequence with a two-variant first step and a tracked second step;
/// forty enrollments, replies after step 1, clicks in step 2, a texted STOP and an order, every webhook delivered twice and
/// the host restarted mid-run and again at the end. The report, in JSON and CSV, equals what was done, step by step and variant by variant.
/// </summary>
public sealed class SequenceReportEndToEndTests : IAsyncLifetime
{
    private const string AuthToken = "twilio-inbound-token-report-e2e";
    private const string PublicBaseUrl = "https://followup.acme.example";
    private const string ApiKey = "sequence-report-api-key-e2e";
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private ConfiguredLocalApp app = null!;

    private HttpClient Http => app.Http;

    public async Task InitializeAsync()
    {
        app = await ConfiguredLocalApp.StartAsync(settings =>
        {
            settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
            settings["FollowUp:Twilio:AccountSid"] = FakeTwilio.AccountSid;
            settings["FollowUp:Twilio:AuthToken"] = AuthToken;
            settings["FollowUp:ApiKey"] = ApiKey;
        });
        app.Http.DefaultRequestHeaders.Add(ApiKeyFilter.Header, ApiKey);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>Restarts the host over the same Azurite and outbox; the new client carries the key again.</summary>
    private async Task RestartAsync()
    {
        await app.RestartAsync();
        app.Http.DefaultRequestHeaders.Add(ApiKeyFilter.Header, ApiKey);
    }

    private Task<HttpResponseMessage> TextAsync(Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/inbound/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioRequests.Sign(AuthToken, PublicBaseUrl + "/api/inbound/twilio", form));
        return Http.SendAsync(request);
    }

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    private Task WaitUntilSentAsync(IEnumerable<string> enrollments, int step, string what) =>
        LocalAppFixture.EventuallyAsync(async () =>
        {
            foreach (var id in enrollments)
            {
                if ((await GetAsync(id)).Steps[step].Status != StepStatus.Sent)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(180), what);

    /// <summary>The tracked link in the HTML of the email <paramref name="enrollmentId"/> was sent for <paramref name="stepId"/>.</summary>
    private async Task<string> TrackedLinkAsync(string enrollmentId, string stepId)
    {
        var html = (await MimeMessage.LoadAsync(Assert.Single(app.Outbox.Files($"{enrollmentId}_{stepId}.eml")))).HtmlBody!;
        var link = new HtmlParser().ParseDocument(html).QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).Single(href => href.Contains("/api/r/", StringComparison.Ordinal));
        Assert.StartsWith(PublicBaseUrl + "/api/r/", link, StringComparison.Ordinal);
        return link[PublicBaseUrl.Length..];
    }

    private async Task<JsonElement> ReportAsync(string sequenceId)
    {
        var response = await Http.GetAsync($"/api/sequences/{sequenceId}/report");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<List<Dictionary<string, string>>> CsvAsync(string sequenceId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sequences/{sequenceId}/report");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await Http.SendAsync(request);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        using var csv = CsvReader.Create(new StringReader(await response.Content.ReadAsStringAsync()), null, leaveOpen: false);
        await csv.ReadHeaderAsync();
        var header = csv.Headers;
        var rows = new List<Dictionary<string, string>>();
        while (await csv.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, header.Count).ToDictionary(i => header[i], csv.GetString));
        }

        return rows;
    }

    /// <summary>What the test did, to check the report against. The order halts its enrollment; the texted STOP opts the number out of SMS only, so its email sequence goes on.</summary>
    private sealed record Expected(Dictionary<string, string> VariantOf, List<string> Repliers, int SecondSent, int Clicked);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task AssertReportAsync(string sequenceId, Expected expected)
    {
        var report = await ReportAsync(sequenceId);
        var enrollments = report.GetProperty("enrollments");
        Assert.Equal(40, enrollments.GetProperty("enrolled").GetInt64());
        Assert.Equal(expected.Repliers.Count + 1, enrollments.GetProperty("halted").GetInt64());
        Assert.Equal(40 - expected.Repliers.Count - 1, enrollments.GetProperty("active").GetInt64());
        Assert.Equal(0, enrollments.GetProperty("completed").GetInt64());

        var steps = report.GetProperty("steps");
        Assert.Equal(["first", "second", "third"], steps.EnumerateArray().Select(s => s.GetProperty("stepId").GetString()));
        var first = steps[0].GetProperty("counts");
        Assert.Equal(40, first.GetProperty("sent").GetInt64());
        Assert.Equal(expected.Repliers.Count, first.GetProperty("replied").GetInt64());
        Assert.Equal(0, first.GetProperty("unsubscribed").GetInt64());
        Assert.Equal(0, first.GetProperty("converted").GetInt64());
        var variants = steps[0].GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(expected.VariantOf.Values.Distinct().Order(), variants.Select(v => v.GetProperty("variant").GetString()!).Order());
        foreach (var variant in variants)
        {
            var id = variant.GetProperty("variant").GetString();
            Assert.Equal(expected.VariantOf.Values.Count(v => v == id), variant.GetProperty("counts").GetProperty("sent").GetInt64());
            Assert.Equal(expected.Repliers.Count(r => expected.VariantOf[r] == id), variant.GetProperty("counts").GetProperty("replied").GetInt64());
        }

        var second = steps[1].GetProperty("counts");
        Assert.Equal(expected.SecondSent, second.GetProperty("sent").GetInt64());
        Assert.Equal(expected.Clicked, second.GetProperty("clicked").GetInt64());
        Assert.Equal(0, second.GetProperty("replied").GetInt64());
        Assert.Equal(1, second.GetProperty("unsubscribed").GetInt64());
        Assert.Equal(1, second.GetProperty("converted").GetInt64());
        Assert.Equal(0, steps[2].GetProperty("counts").GetProperty("sent").GetInt64());

        var rows = await CsvAsync(sequenceId);
        Assert.Equal("40", rows[0]["enrolled"]);
        Assert.Equal(Count(expected.Repliers.Count + 1), rows[0]["halted"]);
        var csvFirst = rows.Single(r => r["step"] == "first" && r["variant"] == "");
        Assert.Equal("40", csvFirst["sent"]);
        Assert.Equal(Count(expected.Repliers.Count), csvFirst["replied"]);
        foreach (var id in expected.VariantOf.Values.Distinct())
        {
            var row = rows.Single(r => r["step"] == "first" && r["variant"] == id);
            Assert.Equal(Count(expected.VariantOf.Values.Count(v => v == id)), row["sent"]);
            Assert.Equal(Count(expected.Repliers.Count(r => expected.VariantOf[r] == id)), row["replied"]);
        }

        var csvSecond = rows.Single(r => r["step"] == "second" && r["variant"] == "");
        Assert.Equal(Count(expected.SecondSent), csvSecond["sent"]);
        Assert.Equal(Count(expected.Clicked), csvSecond["clicked"]);
        Assert.Equal("1", csvSecond["unsubscribed"]);
        Assert.Equal("1", csvSecond["converted"]);
        Assert.Equal("0", rows.Single(r => r["step"] == "third")["sent"]);
    }

    [Fact]
    public async Task Report_FortyEnrollmentsRepliesClicksStopAndOrderWithRestarts_EqualsWhatWasDone()
    {
        var sequenceId = TestData.Id("seq");
        var steps = new object[]
        {
            new
            {
                id = "first", after = "PT0S", channel = "email", subject = "Hello", text = "Hi {{ contact.firstName }}",
                variants = new[] { new { id = "a", subject = "Hello from A" }, new { id = "b", subject = "Hello from B" } },
            },
            SequenceJson.Email("second", "PT30S", subject: "Our offer", text: "See https://shop.example/sale", html: "<p>See <a href=\"https://shop.example/sale\">the sale</a></p>"),
            SequenceJson.Email("third", "P3D"),
        };
        var body = new { name = "Report end to end", steps, stopOn = new { reply = true, events = new[] { "order_placed" } }, trackClicks = true };
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", body)).EnsureSuccessStatusCode();
        var contacts = new Dictionary<string, (string Email, string Phone)>();
        var enrollments = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var (email, phone) = (TestData.Email(), TestData.Phone());
            var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, phone, firstName = "Ann" } }));
            enrollments.Add(created.EnrollmentId);
            contacts[created.EnrollmentId] = (email, phone);
        }

        await WaitUntilSentAsync(enrollments, 0, "every first step is sent");
        var variantOf = new Dictionary<string, string>();
        foreach (var id in enrollments)
        {
            variantOf[id] = (await GetAsync(id)).Steps[0].Variant!;
        }

        var repliers = enrollments.Take(6).ToList();
        var rest = enrollments.Skip(6).ToList();
        foreach (var id in repliers)
        {
            (await Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = contacts[id].Email, text = "Yes please" })).EnsureSuccessStatusCode();
        }

        await RestartAsync();
        foreach (var id in repliers)
        {
            (await Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = contacts[id].Email, text = "Yes please" })).EnsureSuccessStatusCode();
        }

        await WaitUntilSentAsync(rest, 1, "the second step is sent to those who did not reply");
        foreach (var id in repliers)
        {
            var view = await GetAsync(id);
            Assert.Equal(EnrollmentStatus.Halted, view.Status);
            Assert.NotEqual(StepStatus.Sent, view.Steps[1].Status);
        }

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Http.BaseAddress };
        var clickers = rest.Take(8).ToList();
        foreach (var id in clickers)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, await TrackedLinkAsync(id, "second"));
            request.Headers.UserAgent.ParseAdd(Browser);
            var response = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.Equal("https://shop.example/sale", response.Headers.Location?.ToString());
        }

        // A texted STOP opts the number out of every SMS; the email steps go on, so it counts as unsubscribed but halts nothing.
        var (stopper, buyer) = (rest[10], rest[11]);
        var stop = TwilioRequests.IncomingMessage(contacts[stopper].Phone, "STOP");
        for (var delivery = 0; delivery < 2; delivery++)
        {
            (await TextAsync(stop)).EnsureSuccessStatusCode();
            (await Http.PostAsJsonAsync("/api/events", new { name = "order_placed", contact = new { email = contacts[buyer].Email } })).EnsureSuccessStatusCode();
        }

        var expected = new Expected(variantOf, repliers, SecondSent: 34, Clicked: 8);
        await LocalAppFixture.EventuallyAsync(async () =>
        {
            var report = await ReportAsync(sequenceId);
            var counts = report.GetProperty("steps")[1].GetProperty("counts");
            return report.GetProperty("enrollments").GetProperty("halted").GetInt64() >= 7 && counts.GetProperty("clicked").GetInt64() >= 8 && counts.GetProperty("converted").GetInt64() >= 1 && counts.GetProperty("unsubscribed").GetInt64() >= 1;
        }, TimeSpan.FromSeconds(60), "the clicks, the STOP, the order and its halt are counted");
        await AssertReportAsync(sequenceId, expected);
        Assert.Equal(EnrollmentStatus.Active, (await GetAsync(stopper)).Status);
        Assert.Equal(EnrollmentStatus.Halted, (await GetAsync(buyer)).Status);

        await RestartAsync();
        await AssertReportAsync(sequenceId, expected);

        var link = await TrackedLinkAsync(clickers[0], "second");
        var at = link.Length - 10;
        var tampered = link[..at] + (link[at] == 'A' ? 'B' : 'A') + link[(at + 1)..];
        using var tamperer = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Http.BaseAddress };
        var forged = new HttpRequestMessage(HttpMethod.Get, tampered);
        forged.Headers.UserAgent.ParseAdd(Browser);
        var answer = await tamperer.SendAsync(forged);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        await AssertReportAsync(sequenceId, expected);
    }
}
