using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Fixtures.Browser;
using Microsoft.Playwright;

namespace FollowUp.Tests.Dashboard;

/// <summary>The settings page in Chromium, on a desktop and a phone, checked with axe-core.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SettingsBrowserTests(BrowserFixture browser, LocalAppFixture app) : IClassFixture<LocalAppFixture>
{
    [Fact]
    public async Task SettingsPage_Opened_ShowsWhatIsMissingAndPassesAxe()
    {
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/dashboard/settings").ToString());

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ready for real customers?" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".missing-list")).ToContainTextAsync("No public address");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "settings");
    }

    [Fact]
    public async Task SettingsPage_OnAPhone_DoesNotScrollSideways()
    {
        var page = await browser.NewPhonePageAsync();
        await using var context = page.Context;

        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/dashboard/settings").ToString());

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The settings page scrolls sideways on a phone.");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "settings-phone");
    }
}
