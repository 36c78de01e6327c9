using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>The settings page through FollowUp.Local: what production still needs, and no secret's value ever.</summary>
public sealed class SettingsPageTests(LocalAppFixture app) : IClassFixture<LocalAppFixture>
{
    [Fact]
    public async Task Settings_DefaultApp_ListsWhatProductionStillNeeds()
    {
        using var dashboard = new DashboardPoster(app.Http.BaseAddress!);

        var (status, page, _) = await dashboard.GetAsync("/api/dashboard/settings");

        Assert.Equal(200, status);
        var missing = page.QuerySelectorAll(".missing-list li").Select(item => item.TextContent).ToList();
        Assert.Contains(missing, item => item.StartsWith("No public address.", StringComparison.Ordinal));
        Assert.Contains(missing, item => item.StartsWith("Email goes to the outbox folder.", StringComparison.Ordinal));
        Assert.Contains(missing, item => item.StartsWith("Texts go to the outbox folder.", StringComparison.Ordinal));
        Assert.Contains(missing, item => item.StartsWith("No access key.", StringComparison.Ordinal));
        Assert.DoesNotContain(missing, item => item.StartsWith("No signing key", StringComparison.Ordinal));
        Assert.Contains("Off", page.QuerySelectorAll("dl.settings > div").Single(row => row.QuerySelector("dt")!.TextContent.Contains("IMAP", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
        Assert.Contains("Off: texts go at any hour", page.QuerySelector("#settings-schedule")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }
}
