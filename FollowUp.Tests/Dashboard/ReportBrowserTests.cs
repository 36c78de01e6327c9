using System.Globalization;
using System.Net.Http.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Fixtures.Browser;
using Microsoft.Playwright;

namespace FollowUp.Tests.Dashboard;

/// <summary>The report page in Chromium: accessible on a desktop and a phone, and its funnel changes after a reply and a send.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReportBrowserTests(BrowserFixture browser, ReportAppFixture app) : IClassFixture<ReportAppFixture>
{
    private Uri Address(string path) => new(app.Http.BaseAddress!, path);

    private async Task<EnrollmentView> ViewAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    private async Task<string> EnrollAsync(string sequenceId, string email) =>
        (await LocalAppFixture.ReadAsync<EnrollmentCreated>(await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName = "Ann" } }))).EnrollmentId;

    /// <summary>Waits until the enrollment's first step is sent and the report counts <paramref name="sent"/> sends of it.</summary>
    private async Task WaitUntilSentAsync(string sequenceId, string enrollmentId, int sent)
    {
        await LocalAppFixture.EventuallyAsync(async () => (await ViewAsync(enrollmentId)).Steps[0].Status == StepStatus.Sent, TimeSpan.FromSeconds(60), "the first step is sent");
        await LocalAppFixture.EventuallyAsync(
            async () =>
            {
                using var report = System.Text.Json.JsonDocument.Parse(await app.Http.GetStringAsync($"/api/sequences/{sequenceId}/report"));
                return report.RootElement.GetProperty("steps")[0].GetProperty("counts").GetProperty("sent").GetInt64() == sent;
            },
            TimeSpan.FromSeconds(30),
            "the send is counted");
    }

    private static async Task<long> BarAsync(IPage page, string stepId, string metric) =>
        long.Parse((await page.Locator($"figure.funnel g[data-step='{stepId}'] text[data-metric='{metric}']").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task ReportPage_AfterAReplyAndAnotherSend_ShowsTheFunnelChangeOnReload()
    {
        var sequenceId = TestData.Id("report-browser");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Quote follow-up", false, SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P3D")))).EnsureSuccessStatusCode();
        var (ann, bob) = (TestData.Email(), TestData.Email());
        await WaitUntilSentAsync(sequenceId, await EnrollAsync(sequenceId, ann), 1);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        var opened = await page.GotoAsync(Address($"/api/dashboard/sequences/{sequenceId}/report").ToString());
        Assert.Equal(200, opened!.Status);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        Assert.Equal(1, await BarAsync(page, "first", "sent"));
        Assert.Equal(0, await BarAsync(page, "first", "replied"));

        (await app.Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = ann, text = "Yes please" })).EnsureSuccessStatusCode();
        await WaitUntilSentAsync(sequenceId, await EnrollAsync(sequenceId, bob), 2);
        await page.ReloadAsync();

        Assert.Equal(2, await BarAsync(page, "first", "sent"));
        Assert.Equal(1, await BarAsync(page, "first", "replied"));
        await Assertions.Expect(page.Locator("table.figures tr[data-step='first'] [data-metric='replied']")).ToHaveTextAsync("1");
        await Screenshots.SaveAsync(page, "report");

        await page.GetByRole(AriaRole.Link, new() { Name = "Last 7 days" }).ClickAsync();
        await Assertions.Expect(page.Locator("nav.periods a[aria-current='page']")).ToHaveTextAsync("Last 7 days");
        Assert.Equal(2, await BarAsync(page, "first", "sent"));
        await page.FillAsync("#from", "2020-01-01");
        await page.FillAsync("#to", "2020-01-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show these days" }).ClickAsync();
        await Assertions.Expect(page.Locator(".period-shown")).ToContainTextAsync("Wed 1 Jan 2020");
        Assert.Equal(0, await BarAsync(page, "first", "sent"));
    }

    [Fact]
    public async Task ReportPage_OnAPhone_IsAccessibleAndFitsTheScreen()
    {
        var sequenceId = TestData.Id("report-phone");
        var steps = new object[]
        {
            new
            {
                id = "first", after = "PT0S", channel = "email", subject = "Hello", text = "Hi {{ contact.firstName }}",
                variants = new[] { new { id = "a", subject = "Hello from A" }, new { id = "b", subject = "Hello from B" } },
            },
            SequenceJson.Email("second", "P3D"),
        };
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", new { name = "Abandoned checkout", steps, stopOn = new { reply = true } })).EnsureSuccessStatusCode();
        // The variant follows the random enrollment id, so contacts are enrolled until both variants went out (at least four).
        var emails = new List<string>();
        var variants = new HashSet<string>(StringComparer.Ordinal);
        while ((emails.Count < 4 || variants.Count < 2) && emails.Count < 16)
        {
            emails.Add(TestData.Email());
            var enrollmentId = await EnrollAsync(sequenceId, emails[^1]);
            await WaitUntilSentAsync(sequenceId, enrollmentId, emails.Count);
            variants.Add((await ViewAsync(enrollmentId)).Steps[0].Variant!);
        }

        Assert.Equal(2, variants.Count);

        (await app.Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = emails[0], text = "Thanks" })).EnsureSuccessStatusCode();
        var page = await browser.NewPhonePageAsync();
        await using var context = page.Context;

        await page.GotoAsync(Address($"/api/dashboard/sequences/{sequenceId}/report").ToString());

        await Accessibility.AssertNoSeriousViolationsAsync(page);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= BrowserFixture.Phone.Width, $"The page is {width} pixels wide on a {BrowserFixture.Phone.Width}-pixel screen.");
        await Assertions.Expect(page.Locator("li.verdict")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(page, "report-phone");
    }
}
