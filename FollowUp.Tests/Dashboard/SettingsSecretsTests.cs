using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>The settings page of an app with every secret set: it says each is set, and shows none of their values.</summary>
public sealed class SettingsSecretsTests(SettingsSecretsAppFixture app) : IClassFixture<SettingsSecretsAppFixture>
{
    [Fact]
    public async Task Settings_EverySecretSet_ShowsSetButNoValue()
    {
        using var dashboard = new DashboardPoster(app.Http.BaseAddress!);

        var (status, page, html) = await dashboard.GetAsync("/api/dashboard/settings");

        Assert.Equal(200, status);
        foreach (var secret in SettingsSecretsAppFixture.Secrets.Values.Append(LocalAppFixture.FixtureSigningKey).Append(LocalAppFixture.ProviderSecret).Append(LocalAppFixture.WebhookSecret))
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }

        string Row(string label) => page.QuerySelectorAll("dl.settings > div").Single(row => row.QuerySelector("dt")!.TextContent == label).QuerySelector("dd")!.TextContent;
        Assert.StartsWith("Set", Row("SMTP password"), StringComparison.Ordinal);
        Assert.StartsWith("Set", Row("Twilio auth token"), StringComparison.Ordinal);
        Assert.StartsWith("Set", Row("Mailbox password"), StringComparison.Ordinal);
        Assert.StartsWith("Set", Row("Signing key (links and reply addresses)"), StringComparison.Ordinal);
        Assert.StartsWith("SMTP server", Row("Email provider"), StringComparison.Ordinal);
        Assert.StartsWith("Acme <hello@acme.example>", Row("Sender"), StringComparison.Ordinal);
        Assert.StartsWith("On, folder INBOX", Row("Reading the mailbox for replies (IMAP)"), StringComparison.Ordinal);
        Assert.StartsWith("On, to 1 address", Row("Email notifications of replies"), StringComparison.Ordinal);
        Assert.StartsWith("2026-12-25, 2027-01-01", Row("Holidays (nothing is sent)"), StringComparison.Ordinal);
        Assert.StartsWith("https://followup.acme.example/", Row("Public address"), StringComparison.Ordinal);
        var missing = page.QuerySelectorAll(".missing-list li").Select(item => item.TextContent).ToList();
        Assert.DoesNotContain(missing, item => item.StartsWith("No public address", StringComparison.Ordinal));
        Assert.DoesNotContain(missing, item => item.Contains("outbox", StringComparison.Ordinal));
    }
}
