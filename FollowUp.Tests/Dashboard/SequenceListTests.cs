using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>The dashboard's list of sequences: each one's latest version, the people in it, its reply rate and its links, a page at a time.</summary>
public sealed class SequenceListTests(LocalAppFixture app) : IClassFixture<LocalAppFixture>
{
    private DashboardBrowser Browser() => new(app.Http.BaseAddress!);

    private async Task<string> SaveAsync(string id, string name, params object[] steps)
    {
        (await app.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence(name, true, steps))).EnsureSuccessStatusCode();
        return id;
    }

    private static IElement RowOf(IDocument page, string id) =>
        page.QuerySelectorAll("table.sequences tbody tr").Single(row => row.QuerySelector($"a[href='/api/dashboard/sequences/{id}']") is not null);

    [Fact]
    public async Task List_PeopleInASequenceAndOneReply_ShowsTheLatestVersionTheCountsAndTheLinks()
    {
        var id = TestData.Id("aa-listed");
        await SaveAsync(id, "First name", SequenceJson.Email("first", "PT0S"), SequenceJson.Email("later", "P1D"));
        await SaveAsync(id, "Thanks for your enquiry", SequenceJson.Email("first", "PT0S"), SequenceJson.Email("later", "P1D"));
        var enrolled = new List<EnrollmentCreated>();
        for (var i = 0; i < 3; i++)
        {
            var response = await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId = id, contact = new { email = TestData.Email() } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            enrolled.Add(await LocalAppFixture.ReadAsync<EnrollmentCreated>(response));
        }

        await LocalAppFixture.EventuallyAsync(
            async () => enrolled.All(e => app.Outbox.Files($"{e.EnrollmentId}_first.eml").Length > 0), TimeSpan.FromSeconds(30), "the first emails are sent");
        await LocalAppFixture.EventuallyAsync(
            async () => (await app.Http.GetFromJsonAsync<EnrollmentView>($"/api/enrollments/{enrolled[0].EnrollmentId}", Engine.Http.FollowUpJson.Options))!.Steps[0].Status == StepStatus.Sent,
            TimeSpan.FromSeconds(30), "the first step is recorded as sent");
        (await app.Http.PostAsJsonAsync("/api/replies", new { enrollmentId = enrolled[0].EnrollmentId })).EnsureSuccessStatusCode();
        using var browser = Browser();

        var (status, page) = await browser.GetAsync("/api/dashboard/sequences");

        Assert.Equal(200, status);
        var row = RowOf(page, id);
        var cells = row.QuerySelectorAll("td");
        Assert.Equal("Thanks for your enquiry", row.QuerySelector("a.name")!.TextContent);
        Assert.Contains("Version 2", cells[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("2 emails over 1 day", cells[1].TextContent);
        Assert.Equal("2", cells[2].TextContent);
        Assert.Equal("33% (1 of 3)", cells[3].TextContent);
        Assert.NotNull(row.QuerySelector($"a[href='/api/dashboard/sequences/{id}/edit']"));
        Assert.NotNull(row.QuerySelector($"a[href='/api/dashboard/sequences/{id}/report']"));
        Assert.NotNull(row.QuerySelector($"a[href='/api/dashboard/enrollments?sequence={id}']"));
        Assert.NotNull(page.QuerySelector("a.button[href='/api/dashboard/sequences/new']"));
    }

    [Fact]
    public async Task List_MoreThanAPage_ShowsEachSequenceOnceAcrossThePages()
    {
        var prefix = TestData.Id("zz");
        var ids = new List<string>();
        for (var i = 0; i < Engine.Dashboard.Sequences.SequencesArea.PageSize + 2; i++)
        {
            ids.Add(await SaveAsync($"{prefix}-{i:D2}", $"Paged {i}", SequenceJson.Email("first", "P1D")));
        }

        using var browser = Browser();
        var listed = new List<string>();
        var path = "/api/dashboard/sequences";
        for (var pages = 0; path is not null; pages++)
        {
            Assert.True(pages < 10, "The pages do not end.");
            var (status, page) = await browser.GetAsync(path);
            Assert.Equal(200, status);
            var rows = page.QuerySelectorAll("table.sequences tbody tr a.name").Select(a => a.GetAttribute("href")!.Split('/')[^1]).ToList();
            Assert.True(rows.Count <= Engine.Dashboard.Sequences.SequencesArea.PageSize);
            listed.AddRange(rows);
            path = page.QuerySelector("a[rel=next]")?.GetAttribute("href");
        }

        Assert.Equal(ids, listed.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public async Task List_ContinuationNotMadeByTheApp_Is400()
    {
        using var browser = Browser();

        var (status, page) = await browser.GetAsync("/api/dashboard/sequences?after=zzz");

        Assert.Equal(400, status);
        Assert.NotNull(page.QuerySelector("a[href='/api/dashboard/sequences']"));
    }

    [Fact]
    public async Task Show_ASequence_SaysItsStepsAndRulesInWords()
    {
        var id = await SaveAsync(TestData.Id("shown"), "Shown", SequenceJson.Email("first", "PT0S", subject: "Welcome aboard"), SequenceJson.Sms("nudge", "P2DT3H"));
        using var browser = Browser();

        var (status, page) = await browser.GetAsync($"/api/dashboard/sequences/{id}");

        Assert.Equal(200, status);
        Assert.Equal("Shown", page.QuerySelector("h1")!.TextContent);
        var steps = page.QuerySelectorAll(".steps-outline li").Select(li => li.TextContent).ToList();
        Assert.Contains("Right away", steps[0], StringComparison.Ordinal);
        Assert.Contains("Welcome aboard", steps[0], StringComparison.Ordinal);
        Assert.Contains("Then after 2 days 3 hours", steps[1], StringComparison.Ordinal);
        Assert.Contains("The moment they reply", page.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
    }
}
