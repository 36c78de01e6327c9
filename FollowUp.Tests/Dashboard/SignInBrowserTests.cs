using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Fixtures.Browser;
using Microsoft.Playwright;

namespace FollowUp.Tests.Dashboard;

/// <summary>A FollowUp.Local with a key, in Chromium: nobody sees a page before signing in with the key, and the sign-in page passes axe-core.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SignInBrowserTests(BrowserFixture browser, DashboardKeySignInTests.KeyedApp app) : IClassFixture<DashboardKeySignInTests.KeyedApp>
{
    [Fact]
    public async Task Dashboard_WithoutSignIn_IsRefusedUntilTheKeyIsGiven()
    {
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/dashboard/contacts").ToString());

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/api/dashboard/sign-in\\?return="));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to FollowUp" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Dashboard" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "sign-in");

        await page.GetByLabel("Access key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-error")).ToContainTextAsync("That key is not right.");
        await Assertions.Expect(page.GetByLabel("Access key")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("Access key").FillAsync(DashboardKeySignInTests.Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/api/dashboard/contacts$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Contacts" })).ToHaveAttributeAsync("aria-current", "page");
    }
}
