using System.Net.Http.Json;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Fixtures.Browser;
using Microsoft.Playwright;

namespace FollowUp.Tests.Dashboard;

/// <summary>The enrollment and reply pages in Chromium, as an owner uses them: enroll someone by hand, watch the steps go out, see a reply halt the follow-up, halt one by hand.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class EnrollmentBrowserTests(BrowserFixture browser, LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private string Address(string path) => new Uri(local.Http.BaseAddress!, path).ToString();

    private async Task<string> PutSequenceAsync(string name, params object[] steps)
    {
        var id = TestData.Id("browser");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence(name, true, steps))).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Fills and sends the form that enrolls a contact by hand; the browser lands on the enrollment's page.</summary>
    private static async Task EnrollByHandAsync(IPage page, string email, string firstName)
    {
        await page.GetByLabel("First name").FillAsync(firstName);
        await page.GetByLabel("Last name").FillAsync("Browser");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Time zone").FillAsync("America/New_York");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enroll" }).ClickAsync();
    }

    [Fact]
    public async Task EnrollByHand_StepsGoOutThenAReplyHalts_EachPageShowsIt()
    {
        var sequenceId = await PutSequenceAsync(
            "Browser welcome", SequenceJson.Email("hello", "PT1S", subject: "Thanks for asking"), SequenceJson.Email("nudge", "PT2S", subject: "Any questions?"), SequenceJson.Email("last", "P2D", subject: "One last thing"));
        var email = TestData.Email();
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync(Address($"/api/dashboard/enrollments/new?sequence={sequenceId}"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await EnrollByHandAsync(page, email, "Pat");

        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Assertions.Expect(heading).ToHaveTextAsync("Pat Browser in Browser welcome");
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Enrolled. The first step is planned below.");
        var enrollmentUrl = page.Url.Split('?')[0];
        await LocalAppFixture.EventuallyAsync(
            async () =>
            {
                await page.GotoAsync(enrollmentUrl);
                return await page.Locator("li.step .status").AllTextContentsAsync() is ["Sent", "Sent", "Waiting"];
            },
            TimeSpan.FromSeconds(40), "the page shows the first two steps sent");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("step nudge");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "enrollment");

        (await local.Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = email, text = "Yes, call me on Thursday please." })).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".summary .status")).ToHaveTextAsync("Halted: they replied");
        await Assertions.Expect(page.Locator("li.step .status").Last).ToHaveTextAsync("Skipped");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Halt this follow-up" }).CountAsync());

        await page.GotoAsync(Address($"/api/dashboard/enrollments?sequence={sequenceId}"));
        await Assertions.Expect(page.Locator("table.enrollments tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("table.enrollments")).ToContainTextAsync("Halted: they replied");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "enrollments");

        await page.GotoAsync(Address("/api/dashboard/replies"));
        var reply = page.Locator("li.reply").Filter(new() { HasText = "Pat Browser" }).First;
        await Assertions.Expect(reply.Locator(".said")).ToHaveTextAsync("Yes, call me on Thursday please.");
        await Assertions.Expect(reply.Locator(".did")).ToContainTextAsync("Halted the follow-up");
        await Assertions.Expect(reply.GetByRole(AriaRole.Link, new() { Name = "Email Pat Browser" })).ToHaveAttributeAsync("href", "mailto:" + email);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "replies");
        await reply.GetByRole(AriaRole.Link, new() { Name = "Open the follow-up" }).ClickAsync();
        await Assertions.Expect(heading).ToHaveTextAsync("Pat Browser in Browser welcome");
    }

    [Fact]
    public async Task Halt_ConfirmedInTheDialog_HaltsTheFollowUp()
    {
        var sequenceId = await PutSequenceAsync("Browser halt", SequenceJson.Email("later", "P1D"));
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync(Address($"/api/dashboard/enrollments/new?sequence={sequenceId}"));
        await EnrollByHandAsync(page, TestData.Email(), "Hal");
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };

        await page.GetByRole(AriaRole.Button, new() { Name = "Halt this follow-up" }).ClickAsync();

        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Halted. Nothing more will be sent in this follow-up.");
        await Assertions.Expect(page.Locator(".summary .status")).ToHaveTextAsync("Halted: halted by hand");
        Assert.Equal("Halt this follow-up? Nothing more will be sent to Hal Browser in Browser halt.", asked);
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("by the dashboard operator");
    }

    [Fact]
    public async Task EnrollmentPages_OnAPhone_FitTheScreen()
    {
        var sequenceId = await PutSequenceAsync("Browser phone", SequenceJson.Email("later", "P1D", subject: "A subject long enough to wrap on a small screen, as real ones do"));
        var page = await browser.NewPhonePageAsync();
        await using var context = page.Context;
        await page.GotoAsync(Address($"/api/dashboard/enrollments/new?sequence={sequenceId}"));
        await EnrollByHandAsync(page, TestData.Email(), "Phoebe");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Phoebe Browser in Browser phone");

        foreach (var path in new[] { page.Url, Address($"/api/dashboard/enrollments?sequence={sequenceId}"), Address("/api/dashboard/replies"), Address("/api/dashboard/enrollments/new") })
        {
            await page.GotoAsync(path);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways on a phone.");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
    }
}
