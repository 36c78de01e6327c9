using System.Net.Http.Json;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Fixtures.Browser;
using Microsoft.Playwright;

namespace FollowUp.Tests.Dashboard;

/// <summary>The source pages in Chromium: add a website form, see its snippet, each page checked with axe-core.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SourceBrowserTests(BrowserFixture browser, LocalAppFixture app) : IClassFixture<LocalAppFixture>
{
    [Fact]
    public async Task NewFormSource_FilledAndSaved_ShowsTheFormToCopy()
    {
        var sequenceId = TestData.Id("seq");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Welcome series", true, SequenceJson.Email("hello", "P1D")))).EnsureSuccessStatusCode();
        var id = TestData.Id("contact-form");
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/dashboard/sources").ToString());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Website form" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("not valid!");
        await page.GetByLabel("Starts this sequence").SelectOptionAsync(sequenceId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the source" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-id")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the source" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(id);
        await Assertions.Expect(page.GetByLabel("The form's HTML")).ToContainTextAsync($"/api/sources/{id}/deliveries");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "sources");
        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/dashboard/sources").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = id })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "sources-list");
    }
}
