using System.Globalization;
using System.Net.Http.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Fixtures.Browser;
using Microsoft.Playwright;

namespace FollowUp.Tests.Dashboard;

/// <summary>The overview in Chromium: accessible on a desktop and a phone, and today's figures change after a send and a reply.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OverviewBrowserTests(BrowserFixture browser, ReportAppFixture app) : IClassFixture<ReportAppFixture>
{
    private Uri Address(string path) => new(app.Http.BaseAddress!, path);

    private static async Task<long> FigureAsync(IPage page, string name) =>
        long.Parse(await page.Locator($"[data-figure='{name}'] strong").TextContentAsync() ?? "", NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Overview_AfterASendAndAReply_ShowsTheNewFiguresOnReload()
    {
        var sequenceId = TestData.Id("overview-browser");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Welcome", false, SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P2D")))).EnsureSuccessStatusCode();
        var email = TestData.Email();
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync(Address("/api/dashboard").ToString());
        var (sent, replies) = (await FigureAsync(page, "sent-today"), await FigureAsync(page, "replies-today"));

        var enrollmentId = (await LocalAppFixture.ReadAsync<EnrollmentCreated>(await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName = "Ann", lastName = "Lee" } }))).EnrollmentId;
        await LocalAppFixture.EventuallyAsync(
            async () => (await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{enrollmentId}"))).Steps[0].Status == StepStatus.Sent,
            TimeSpan.FromSeconds(60),
            "the first step is sent");
        await LocalAppFixture.EventuallyAsync(
            async () =>
            {
                using var report = System.Text.Json.JsonDocument.Parse(await app.Http.GetStringAsync($"/api/sequences/{sequenceId}/report"));
                return report.RootElement.GetProperty("steps")[0].GetProperty("counts").GetProperty("sent").GetInt64() == 1;
            },
            TimeSpan.FromSeconds(30),
            "the send is counted");
        (await app.Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = email, text = "Yes please" })).EnsureSuccessStatusCode();
        await page.ReloadAsync();

        Assert.Equal(sent + 1, await FigureAsync(page, "sent-today"));
        Assert.Equal(replies + 1, await FigureAsync(page, "replies-today"));
        await Assertions.Expect(page.Locator("table.upcoming").GetByRole(AriaRole.Link, new() { Name = "Ann Lee" }).First).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "overview");

        var phone = await browser.NewPhonePageAsync();
        await using var phoneContext = phone.Context;
        await phone.GotoAsync(Address("/api/dashboard").ToString());
        await Accessibility.AssertNoSeriousViolationsAsync(phone);
        var width = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= BrowserFixture.Phone.Width, $"The page is {width} pixels wide on a {BrowserFixture.Phone.Width}-pixel screen.");
        await Screenshots.SaveAsync(phone, "overview-phone");
    }
}
