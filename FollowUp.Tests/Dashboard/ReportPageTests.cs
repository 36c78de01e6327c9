using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>The dashboard's report page through FollowUp.Local: its chart and table hold the API report's figures, its CSV is the API's, and its period changes them.</summary>
public sealed class ReportPageTests(ReportAppFixture app) : IClassFixture<ReportAppFixture>
{
    private static readonly string[] FunnelMetrics = ["sent", "delivered", "replied", "clicked", "unsubscribed", "converted"];

    /// <summary>The first step's variants as the engine holds them, to compute which one an enrollment gets.</summary>
    private static readonly SequenceStep FirstStep = new("first", TimeSpan.Zero, StepChannel.Email, "Hello", "Hi {{ contact.firstName }}", null)
    {
        Variants = [new StepVariant("a", 1, "Hello from A", null, null), new StepVariant("b", 1, "Hello from B", null, null)],
    };

    private HttpClient Http => app.Http;

    /// <summary>
    /// A two-step sequence whose first step has variants a and b; <paramref name="people"/> enrolled (with <paramref name="bothVariants"/>, more
    /// until each variant has someone), their first steps sent, and the first <paramref name="replies"/> replied twice each.
    /// </summary>
    private async Task<(string SequenceId, List<string> Enrollments)> SendAndReplyAsync(int people, int replies, bool bothVariants = false)
    {
        var sequenceId = TestData.Id("report-page");
        var steps = new object[]
        {
            new
            {
                id = "first", after = "PT0S", channel = "email", subject = "Hello", text = "Hi {{ contact.firstName }}",
                variants = new[] { new { id = "a", subject = "Hello from A" }, new { id = "b", subject = "Hello from B" } },
            },
            SequenceJson.Email("second", "P3D"),
        };
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", new { name = "Quote follow-up", steps, stopOn = new { reply = false } })).EnsureSuccessStatusCode();
        var emails = new List<string>();
        var enrollments = new List<string>();
        // The variant follows the random enrollment id, so the test computes it the engine's way to know when both have someone.
        while (emails.Count < people || (bothVariants && enrollments.Select(id => StepVariants.Choose(id, FirstStep)).Distinct().Count() < 2 && emails.Count < 16))
        {
            var email = TestData.Email();
            emails.Add(email);
            enrollments.Add((await LocalAppFixture.ReadAsync<EnrollmentCreated>(await Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName = "Ann" } }))).EnrollmentId);
        }

        await WaitUntilSentAsync(enrollments);
        // The send is counted just after the step is recorded sent.
        await LocalAppFixture.EventuallyAsync(
            async () => (await ApiReportAsync(sequenceId, "")).GetProperty("steps")[0].GetProperty("counts").GetProperty("sent").GetInt64() == enrollments.Count,
            TimeSpan.FromSeconds(30),
            "every send is counted");
        for (var delivery = 0; delivery < 2; delivery++)
        {
            foreach (var email in emails.Take(replies))
            {
                (await Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = email, text = "Yes please" })).EnsureSuccessStatusCode();
            }
        }

        return (sequenceId, enrollments);
    }

    private Task WaitUntilSentAsync(IEnumerable<string> enrollments) => LocalAppFixture.EventuallyAsync(async () =>
    {
        foreach (var id in enrollments)
        {
            if ((await LocalAppFixture.ReadAsync<EnrollmentView>(await Http.GetAsync($"/api/enrollments/{id}"))).Steps[0].Status != StepStatus.Sent)
            {
                return false;
            }
        }

        return true;
    }, TimeSpan.FromSeconds(120), "every first step is sent");

    private async Task<JsonElement> ApiReportAsync(string sequenceId, string query)
    {
        var response = await Http.GetAsync($"/api/sequences/{sequenceId}/report?tz={ReportAppFixture.Zone}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<string> ApiCsvAsync(string sequenceId, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sequences/{sequenceId}/report?tz={ReportAppFixture.Zone}{query}");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<IDocument> PageAsync(string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static long Number(string text) => long.Parse(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    /// <summary>Checks every funnel figure of every step in the chart and the table against the API's report.</summary>
    private static void AssertFunnelEquals(JsonElement api, IDocument page)
    {
        var svg = page.QuerySelector("figure.funnel svg")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("Messages and responses per step", page.GetElementById(svg.GetAttribute("aria-labelledby")!.Split(' ')[0])!.TextContent);
        foreach (var step in api.GetProperty("steps").EnumerateArray())
        {
            var stepId = step.GetProperty("stepId").GetString()!;
            var row = page.QuerySelector($"table.figures tr[data-step='{stepId}']")!;
            foreach (var metric in FunnelMetrics)
            {
                var expected = step.GetProperty("counts").GetProperty(metric).GetInt64();
                var bar = svg.QuerySelector($"g[data-step='{stepId}'] text[data-metric='{metric}']")!;
                Assert.Equal(expected, long.Parse(bar.GetAttribute("data-value")!, CultureInfo.InvariantCulture));
                Assert.Equal(expected, Number(bar.TextContent));
                Assert.Equal(expected, Number(row.QuerySelector($"[data-metric='{metric}']")!.TextContent));
            }

            if (step.GetProperty("rates").GetProperty("reply") is { ValueKind: JsonValueKind.Number } reply)
            {
                Assert.Contains(reply.GetDouble().ToString("0%", CultureInfo.InvariantCulture), row.TextContent, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Report_AfterSendsAndReplies_ChartTableAndVariantsEqualTheApiReport()
    {
        var (sequenceId, enrollments) = await SendAndReplyAsync(people: 6, replies: 2, bothVariants: true);
        var variantOf = enrollments.ToDictionary(id => id, id => StepVariants.Choose(id, FirstStep)!);

        var api = await ApiReportAsync(sequenceId, "");
        var page = await PageAsync($"/api/dashboard/sequences/{sequenceId}/report");

        Assert.Equal("Report: Quote follow-up", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(enrollments.Count, api.GetProperty("steps")[0].GetProperty("counts").GetProperty("sent").GetInt64());
        Assert.Equal(2, api.GetProperty("steps")[0].GetProperty("counts").GetProperty("replied").GetInt64());
        AssertFunnelEquals(api, page);
        Assert.Equal(enrollments.Count.ToString(CultureInfo.InvariantCulture), page.QuerySelector("[data-figure='enrolled'] strong")!.TextContent);
        var first = api.GetProperty("steps")[0];
        var table = page.QuerySelector("table.variants[data-step='first']")!;
        Assert.Equal(["a", "b"], first.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("variant").GetString()).Order());
        foreach (var variant in first.GetProperty("variants").EnumerateArray())
        {
            var id = variant.GetProperty("variant").GetString()!;
            var (sent, replied) = (variantOf.Values.Count(v => v == id), enrollments.Take(2).Count(e => variantOf[e] == id));
            var row = table.QuerySelector($"tr[data-variant='{id}']")!;
            Assert.Equal(sent, variant.GetProperty("counts").GetProperty("sent").GetInt64());
            Assert.Equal(replied, variant.GetProperty("counts").GetProperty("replied").GetInt64());
            Assert.Equal(sent, Number(row.QuerySelector("[data-metric='sent']")!.TextContent));
            Assert.Equal(replied, Number(row.QuerySelector("[data-metric='replied']")!.TextContent));
        }

        var comparison = Assert.Single(first.GetProperty("comparisons").EnumerateArray());
        Assert.Equal(comparison.GetProperty("verdict").GetString(), page.QuerySelector("li.verdict strong")!.TextContent);
        Assert.Null(page.QuerySelector("[style]"));
    }

    [Fact]
    public async Task ReportCsv_AllTimeAndLastSevenDays_EqualsTheApiCsv()
    {
        var (sequenceId, _) = await SendAndReplyAsync(people: 3, replies: 1);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(ReportAppFixture.Zone)).DateTime);
        var week = $"&from={today.AddDays(-6):yyyy-MM-dd}&to={today:yyyy-MM-dd}";

        var page = await PageAsync($"/api/dashboard/sequences/{sequenceId}/report?days=7");
        var link = page.QuerySelector("a[download]")!.GetAttribute("href")!;
        var csv = await Http.GetAsync(link);
        var allTime = await Http.GetAsync($"/api/dashboard/sequences/{sequenceId}/report.csv");

        Assert.Equal($"/api/dashboard/sequences/{sequenceId}/report.csv?days=7", link);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(await ApiCsvAsync(sequenceId, week), await csv.Content.ReadAsStringAsync());
        Assert.Equal(await ApiCsvAsync(sequenceId, ""), await allTime.Content.ReadAsStringAsync());
        Assert.Contains(",3,", await allTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_PeriodBeforeTheSends_ShowsNoneAndLastWeekShowsThem()
    {
        var (sequenceId, _) = await SendAndReplyAsync(people: 2, replies: 1);

        var before = await PageAsync($"/api/dashboard/sequences/{sequenceId}/report?from=2020-01-01&to=2020-01-31");
        var lastWeek = await PageAsync($"/api/dashboard/sequences/{sequenceId}/report?days=7");

        AssertFunnelEquals(await ApiReportAsync(sequenceId, "&from=2020-01-01&to=2020-01-31"), before);
        Assert.Equal(0, Number(before.QuerySelector("table.figures tr[data-step='first'] [data-metric='sent']")!.TextContent));
        Assert.Equal("2020-01-01", before.QuerySelector("input#from")!.GetAttribute("value"));
        Assert.Equal(2, Number(lastWeek.QuerySelector("table.figures tr[data-step='first'] [data-metric='sent']")!.TextContent));
        Assert.Equal(1, Number(lastWeek.QuerySelector("figure.funnel g[data-step='first'] text[data-metric='replied']")!.TextContent));
        Assert.Equal("page", lastWeek.QuerySelector("nav.periods a[aria-current]")!.GetAttribute("aria-current"));
        Assert.Equal("Last 7 days", lastWeek.QuerySelector("nav.periods a[aria-current]")!.TextContent);
    }

    [Theory]
    [InlineData("?from=2026-02-01&to=2026-01-01", "to")]
    [InlineData("?from=2026-02-01", "to")]
    [InlineData("?from=1%2F2%2F2026&to=2026-02-02", "from")]
    [InlineData("?days=0", "days")]
    [InlineData("?version=zero", "version")]
    public async Task Report_BadPeriod_Is400WithTheErrorAndNoFigures(string query, string field)
    {
        var sequenceId = TestData.Id("report-bad");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Bad periods", true, SequenceJson.Email("first", "P1D")))).EnsureSuccessStatusCode();

        var page = await PageAsync($"/api/dashboard/sequences/{sequenceId}/report{query}", HttpStatusCode.BadRequest);
        var csv = await Http.GetAsync($"/api/dashboard/sequences/{sequenceId}/report.csv{query}");

        Assert.Contains($"{field}:", page.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("figure.funnel"));
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        if (field is "from" or "to")
        {
            Assert.Equal("true", page.QuerySelector($"input#{field}")!.GetAttribute("aria-invalid"));
            Assert.NotNull(page.GetElementById($"error-{field}"));
        }
    }

    [Fact]
    public async Task Report_UnknownSequenceOrVersion_Is404()
    {
        var sequenceId = TestData.Id("report-missing");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("One", true, SequenceJson.Email("first", "P1D")))).EnsureSuccessStatusCode();

        await PageAsync("/api/dashboard/sequences/no-such-sequence/report", HttpStatusCode.NotFound);
        await PageAsync($"/api/dashboard/sequences/{sequenceId}/report?version=9", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/dashboard/sequences/no-such-sequence/report.csv")).StatusCode);
        var page = await PageAsync($"/api/dashboard/sequences/{sequenceId}/report?version=1");
        Assert.Contains("Version 1 (latest)", page.QuerySelector(".report-meta")!.TextContent, StringComparison.Ordinal);
    }
}
