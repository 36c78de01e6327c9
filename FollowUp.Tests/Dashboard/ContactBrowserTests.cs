using System.Net.Http.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Fixtures.Browser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FollowUp.Tests.Dashboard;

/// <summary>The contact pages in Chromium: find a contact, stop email to them, each page checked with axe-core.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ContactBrowserTests(BrowserFixture browser, LocalAppFixture app) : IClassFixture<LocalAppFixture>
{
    private async Task<string> EnrollAsync(string email)
    {
        var sequenceId = TestData.Id("seq");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Welcome series", true, SequenceJson.Email("hello", "P1D")))).EnsureSuccessStatusCode();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await app.Http.PostAsJsonAsync("/api/enrollments", new
        {
            sequenceId,
            contact = new { email, phone = TestData.Phone(), firstName = "Ann", lastName = "Lee", timeZone = "Europe/London" },
        }));
        return created.EnrollmentId;
    }

    [Fact]
    public async Task ContactPage_StopEmailClickedAndConfirmed_OptsTheAddressOut()
    {
        var email = TestData.Email();
        await EnrollAsync(email);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/dashboard/contacts").ToString());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByLabel("Email or phone").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ann Lee");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "contacts");

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop email to this person" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Email to this contact has stopped");
        await Assertions.Expect(page.Locator("#consent-email .status")).ToHaveTextAsync("Opted out");
        await Assertions.Expect(page.GetByLabel("This person asked to hear from us again")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "contacts-opted-out");
        Assert.True(await app.Services.GetRequiredService<OptOutStore>().IsOptedOutAsync(AddressKey.Email(email), CancellationToken.None));
    }

    [Fact]
    public async Task ContactPage_OnAPhone_DoesNotScrollSideways()
    {
        var email = TestData.Email();
        await EnrollAsync(email);
        var page = await browser.NewPhonePageAsync();
        await using var context = page.Context;

        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/dashboard/contacts?q=" + Uri.EscapeDataString(email)).ToString());

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ann Lee");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The contact page scrolls sideways on a phone.");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "contacts-phone");
    }
}
