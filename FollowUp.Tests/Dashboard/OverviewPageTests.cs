using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Dashboard;

/// <summary>The dashboard's overview through FollowUp.Local: today's and this week's sends and replies, counted once each, the next sends, failures and providers.</summary>
public sealed class OverviewPageTests(ReportAppFixture app) : IClassFixture<ReportAppFixture>
{
    private HttpClient Http => app.Http;

    private static async Task<IDocument> PageAsync(HttpClient http)
    {
        var response = await http.GetAsync("/api/dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static long Figure(IDocument page, string name) =>
        long.Parse(page.QuerySelector($"[data-figure='{name}'] strong")!.TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private async Task<Dictionary<string, long>> FiguresAsync()
    {
        var page = await PageAsync(Http);
        return new[] { "sent-today", "sent-week", "replies-today", "replies-week" }.ToDictionary(name => name, name => Figure(page, name));
    }

    private async Task<EnrollmentView> ViewAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    [Fact]
    public async Task Overview_AfterASendAReplyAndTheirRedeliveries_CountsEachOnce()
    {
        var sequenceId = TestData.Id("overview");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Welcome", false, SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P3D")))).EnsureSuccessStatusCode();
        var email = TestData.Email();
        var before = await FiguresAsync();

        var enrollmentId = (await LocalAppFixture.ReadAsync<EnrollmentCreated>(await Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName = "Ann" } }))).EnrollmentId;
        await LocalAppFixture.EventuallyAsync(async () => (await ViewAsync(enrollmentId)).Steps[0].Status == StepStatus.Sent, TimeSpan.FromSeconds(60), "the first step is sent");
        // The send is counted just after the step is recorded sent.
        await LocalAppFixture.EventuallyAsync(async () => (await FiguresAsync())["sent-today"] > before["sent-today"], TimeSpan.FromSeconds(30), "the send is counted");
        // The same step message again, as the queue redelivers it after a crash: the dispatcher sees the outcome and counts nothing new.
        await app.Services.GetRequiredService<StepQueue>().EnqueueAsync(new StepMessage(enrollmentId, "first", 1), TimeSpan.Zero, CancellationToken.None);
        await LocalAppFixture.EventuallyAsync(async () => (await app.Storage.StepQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(60), "the redelivered message is taken");
        var afterSend = await FiguresAsync();
        for (var delivery = 0; delivery < 2; delivery++)
        {
            (await Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = email, text = "Yes please" })).EnsureSuccessStatusCode();
        }

        var afterReply = await FiguresAsync();

        Assert.Equal(before["sent-today"] + 1, afterSend["sent-today"]);
        Assert.Equal(before["sent-week"] + 1, afterSend["sent-week"]);
        Assert.Equal(before["replies-today"], afterSend["replies-today"]);
        Assert.Equal(afterSend["sent-today"], afterReply["sent-today"]);
        Assert.Equal(before["replies-today"] + 1, afterReply["replies-today"]);
        Assert.Equal(before["replies-week"] + 1, afterReply["replies-week"]);
    }

    [Fact]
    public async Task Overview_AStepDueTomorrow_IsListedWithItsContactSequenceAndLink()
    {
        var sequenceId = TestData.Id("overview-next");
        var lastName = "Upcoming" + Guid.NewGuid().ToString("N")[..6];
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Tomorrow's hello", true, SequenceJson.Email("hello", "PT2M")))).EnsureSuccessStatusCode();
        var enrollmentId = (await LocalAppFixture.ReadAsync<EnrollmentCreated>(await Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Zoe", lastName } }))).EnrollmentId;

        var page = await PageAsync(Http);

        var row = Assert.Single(page.QuerySelectorAll("table.upcoming tbody tr"), r => r.TextContent.Contains(lastName, StringComparison.Ordinal));
        Assert.Equal($"/api/dashboard/enrollments/{enrollmentId}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"Zoe {lastName}", row.QuerySelector("a")!.TextContent);
        Assert.Contains("Tomorrow's hello", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("1. Email · hello", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_ADeadLetteredStep_LinksToItsEnrollment()
    {
        string mail = "";
        await using var broken = await ConfiguredLocalApp.StartAsync(settings => settings["FollowUp:Outbox:Path"] = mail = Path.Combine(settings["FollowUp:Outbox:Path"]!, "mail"));
        // A file where the outbox folder should be: every send fails, as a broken channel would.
        await File.WriteAllTextAsync(mail, "not a folder");
        var sequenceId = TestData.Id("overview-failed");
        (await broken.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Failing", true, SequenceJson.Email("first", "PT0S")))).EnsureSuccessStatusCode();
        var enrollmentId = (await LocalAppFixture.ReadAsync<EnrollmentCreated>(await broken.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email() } }))).EnrollmentId;
        await LocalAppFixture.EventuallyAsync(
            async () => (await LocalAppFixture.ReadAsync<EnrollmentView>(await broken.Http.GetAsync($"/api/enrollments/{enrollmentId}"))).Steps[0].Status == StepStatus.Failed,
            TimeSpan.FromSeconds(90),
            "the step is dead-lettered");

        var page = await PageAsync(broken.Http);

        var row = Assert.Single(page.QuerySelectorAll("table.failures tbody tr"));
        Assert.Equal($"/api/dashboard/enrollments/{enrollmentId}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("first", row.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".all-well"));
    }

    [Fact]
    public async Task Overview_Providers_SayWhichAnswersAndWhichDoesNot()
    {
        using var smtp = new TcpListener(System.Net.IPAddress.Loopback, 0);
        smtp.Start();
        var closed = new TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var configured = await ConfiguredLocalApp.StartAsync(settings =>
        {
            settings["FollowUp:Email:Provider"] = "smtp";
            settings["FollowUp:Smtp:Host"] = "127.0.0.1";
            settings["FollowUp:Smtp:Port"] = ((IPEndPoint)smtp.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            settings["FollowUp:Sms:Provider"] = "twilio";
            settings["FollowUp:Twilio:AccountSid"] = "AC00000000000000000000000000000000";
            settings["FollowUp:Twilio:AuthToken"] = "overview-twilio-token";
            settings["FollowUp:Twilio:From"] = "+15550100000";
            settings["FollowUp:Twilio:BaseUrl"] = $"http://127.0.0.1:{closedPort}";
        });

        var page = await PageAsync(configured.Http);
        var plain = await PageAsync(Http);

        var email = page.QuerySelector(".providers [data-channel='Email']")!;
        var sms = page.QuerySelector(".providers [data-channel='SMS']")!;
        Assert.Contains("Your SMTP server", email.TextContent, StringComparison.Ordinal);
        Assert.Equal("Answers", email.QuerySelector(".status.ok")!.TextContent);
        Assert.Contains("Twilio", sms.TextContent, StringComparison.Ordinal);
        Assert.Equal("Not answering", sms.QuerySelector(".status.bad")!.TextContent);
        Assert.DoesNotContain("overview-twilio-token", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal("Test mode", plain.QuerySelector(".providers [data-channel='Email'] .status")!.TextContent);
    }
}
