using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FollowUp.Tests.Fixtures.Browser;

/// <summary>Accessibility checks of a page with axe-core, the engine behind Lighthouse's and Deque's audits.</summary>
public static class Accessibility
{
    /// <summary>The impacts that fail a test; "minor" and "moderate" findings are left to review.</summary>
    private static readonly string[] Failing = ["serious", "critical"];

    /// <summary>Runs axe-core on the page as it is now and fails, listing each one, when any violation is serious or critical.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(violation => Failing.Contains(violation.Impact)).ToList();
        Assert.True(serious.Count == 0, $"axe-core found {serious.Count} serious or critical violations on {page.Url}:\n{Describe(serious)}");
    }

    /// <summary>One line a violation (rule, impact, help and its link), then one line an element it found (selector and HTML).</summary>
    public static string Describe(IEnumerable<AxeResultItem> violations) => string.Join("\n", violations.Select(violation =>
        $"- {violation.Id} ({violation.Impact}): {violation.Help} {violation.HelpUrl}\n"
        + string.Join("\n", violation.Nodes.Select(node => $"    at {node.Target}: {node.Html}"))));
}
