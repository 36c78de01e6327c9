using System.Net.Http.Json;
using FollowUp.Engine.Dashboard.Shared;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Fixtures.Browser;
using Microsoft.Playwright;

namespace FollowUp.Tests.Dashboard;

/// <summary>The sequences pages as Chromium shows them: a sequence made from a template in the editor, an error beside its field, a preview, each page checked with axe-core.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SequenceBrowserTests(BrowserFixture browser, LocalAppFixture app) : IClassFixture<LocalAppFixture>
{
    private string Address(string path) => new Uri(app.Http.BaseAddress!, path).ToString();

    [Fact]
    public async Task Editor_FromTheLeadTemplateWithAnErrorThenAPreview_CreatesTheSequence()
    {
        (await app.Http.PutAsJsonAsync($"/api/sequences/{TestData.Id("listed")}", SequenceJson.Sequence("Welcome new customers", true, SequenceJson.Email("hello", "PT0S"), SequenceJson.Sms("check-in", "P2D")))).EnsureSuccessStatusCode();
        var id = TestData.Id("from-template");
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync(Address("/api/dashboard/sequences"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "sequences");
        await page.GetByRole(AriaRole.Link, new() { Name = "New sequence" }).ClickAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "sequence-templates");
        await page.GetByRole(AriaRole.Link, new() { Name = "Use this template: New lead follow-up" }).ClickAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.GetByLabel("Id", new() { Exact = true }).FillAsync(id);
        var subject = page.Locator("[name='steps[0].subject']");
        var template = await subject.InputValueAsync();
        await subject.FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create sequence" }).ClickAsync();

        var error = page.Locator("#" + FieldError.IdFor("steps[0].subject"));
        await Assertions.Expect(error).ToHaveTextAsync("This template is required.");
        await Assertions.Expect(subject).ToHaveAttributeAsync("aria-describedby", FieldError.IdFor("steps[0].subject"));
        await Assertions.Expect(page.Locator(".errors")).ToBeFocusedAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await subject.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "sequence-editor-error", fullPage: false);

        await subject.FillAsync(template);
        await page.GetByLabel("First name").FillAsync("Priya");
        await page.Locator("section.card").GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        var preview = page.Locator("#preview");
        await Assertions.Expect(preview.Locator(".subject").First).ToContainTextAsync("Thanks for getting in touch, Priya");
        await Assertions.Expect(preview.Locator(".why").First).ToContainTextAsync("due");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "sequence-editor", fullPage: false);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create sequence" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Created");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        var stored = await LocalAppFixture.ReadAsync<SequenceDocument>(await app.Http.GetAsync($"/api/sequences/{id}"));
        Assert.Equal(["thank-you", "useful-tip", "question", "closing-the-loop"], stored.Steps.Select(s => s.Id));
    }

    [Fact]
    public async Task Editor_StepChannelChangedToText_HidesTheSubjectAtOnce()
    {
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync(Address("/api/dashboard/sequences/new/edit"));

        await page.Locator("[name='steps[0].channel']").SelectOptionAsync("sms");

        await Assertions.Expect(page.Locator("[name='steps[0].subject']")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Pages_OnAPhone_FitTheScreen()
    {
        var page = await browser.NewPhonePageAsync();
        await using var context = page.Context;
        foreach (var (path, name) in new[] { ("/api/dashboard/sequences", "sequences-phone"), ("/api/dashboard/sequences/new/edit?template=lead-follow-up", "sequence-editor-phone") })
        {
            await page.GotoAsync(Address(path));

            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways on a phone.");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await Screenshots.SaveAsync(page, name);
        }
    }
}
