using FollowUp.Tests.Fixtures.Browser;
using Xunit.Sdk;

namespace FollowUp.Tests.Browser;

/// <summary>The axe-core check itself, on pages written in the test: it must fail on a serious fault and name it.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private const string Head = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test</title></head>""";

    [Fact]
    public async Task AssertNoSeriousViolations_UnnamedButtonAndLowContrast_FailsListingEachRuleAndElement()
    {
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await page.SetContentAsync(Head + """
            <body><main><h1>Test</h1>
            <p id="faint" style="color:#bbb;background:#fff">Hard to read</p>
            <button id="unnamed"></button>
            </main></body></html>
            """);

        var error = await Assert.ThrowsAsync<TrueException>(() => Accessibility.AssertNoSeriousViolationsAsync(page));

        Assert.Contains("button-name (critical)", error.Message, StringComparison.Ordinal);
        Assert.Contains("#unnamed", error.Message, StringComparison.Ordinal);
        Assert.Contains("color-contrast (serious)", error.Message, StringComparison.Ordinal);
        Assert.Contains("#faint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertNoSeriousViolations_OnlyAModerateFinding_Passes()
    {
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        // Content outside any landmark is axe's "region" rule, whose impact is moderate.
        await page.SetContentAsync(Head + "<body><h1>Test</h1><p>Outside any landmark</p></body></html>");

        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
