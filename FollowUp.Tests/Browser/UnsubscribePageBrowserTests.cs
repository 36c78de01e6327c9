using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Sources.Confirmations;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Fixtures.Browser;
using FollowUp.Tests.Unsubscribe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FollowUp.Tests.Browser;

/// <summary>The pages a contact opens from a message, unsubscribe and confirm, as Chromium shows them and a person uses them.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UnsubscribePageBrowserTests(BrowserFixture browser, PublicLocalAppFixture local) : IClassFixture<PublicLocalAppFixture>
{
    private Uri Address(string path) => new(local.Http.BaseAddress!, path);

    /// <summary>Enrolls <paramref name="email"/> in a sequence whose one email waits a day; returns the contact's unsubscribe link.</summary>
    private async Task<Uri> UnsubscribeLinkAsync(string email)
    {
        var sequenceId = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Test", true, SequenceJson.Email("later", "P1D")))).EnsureSuccessStatusCode();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email } }));
        var enrollment = await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{created.EnrollmentId}"));
        return Address($"/api/unsubscribe?t={UnsubscribeTokens.Sign(UnsubscribeTokens.Value(enrollment.ContactId, email))}");
    }

    private Task<bool> IsOptedOutAsync(string email) =>
        local.Services.GetRequiredService<OptOutStore>().IsOptedOutAsync(AddressKey.Email(email), CancellationToken.None);

    [Fact]
    public async Task UnsubscribePage_ConfirmClicked_SaysUnsubscribedAndStoresTheOptOut()
    {
        var email = TestData.Email();
        var link = await UnsubscribeLinkAsync(email);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        var opened = await page.GotoAsync(link.ToString());
        Assert.Equal(200, opened!.Status);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "unsubscribe-confirm");
        Assert.False(await IsOptedOutAsync(email));

        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You are unsubscribed.");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "unsubscribe-done");
        Assert.True(await IsOptedOutAsync(email));
    }

    [Fact]
    public async Task UnsubscribePage_OnAPhone_FitsTheScreenWithTheButtonInView()
    {
        var link = await UnsubscribeLinkAsync(TestData.Email());
        var page = await browser.NewPhonePageAsync();
        await using var context = page.Context;

        await page.GotoAsync(link.ToString());

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways on a phone.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" })).ToBeInViewportAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "unsubscribe-phone");
    }

    [Fact]
    public async Task ConfirmationPage_ConfirmClicked_SaysConfirmedAndEnrollsTheContact()
    {
        var sequence = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequence}", SequenceJson.Sequence("Lead", true, SequenceJson.Sms("hi", "P1D")))).EnsureSuccessStatusCode();
        var source = TestData.Id("form");
        (await local.Http.PutAsJsonAsync($"/api/sources/{source}", new { kind = "form", on = new { submit = new { enroll = sequence } } })).EnsureSuccessStatusCode();
        var phone = TestData.Phone();
        var id = TestData.Id("confirmation");
        await local.Services.GetRequiredService<ConfirmationStore>().AddAsync(
            new PendingConfirmation(id, source, new ContactRequest(null, phone, null, null, null), JsonDocument.Parse("{}").RootElement, DateTimeOffset.UtcNow.AddDays(1), null),
            CancellationToken.None);
        var link = Address(PublicLocalAppFixture.LocalPath(local.Services.GetRequiredService<ConfirmationLinks>().For(id)!.ToString()));
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync(link.ToString());
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "confirmation-ask");
        Assert.Equal(0, await EnrollmentsOfAsync(phone));

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thank you, you are confirmed.");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        Assert.Equal(1, await EnrollmentsOfAsync(phone));
    }

    private async Task<int> EnrollmentsOfAsync(string address)
    {
        var response = await local.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(address)}");
        return response.StatusCode == System.Net.HttpStatusCode.NotFound
            ? 0
            : JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("enrollments").GetArrayLength();
    }
}
