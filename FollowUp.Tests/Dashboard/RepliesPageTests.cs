using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Channels.Twilio;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Dashboard;

/// <summary>The dashboard's list of replies through FollowUp.Local over real HTTP and Azurite: replies through the API and by text, what FollowUp did, and erasure of the list's rows.</summary>
public sealed class RepliesPageTests : IAsyncLifetime
{
    private const string AuthToken = "twilio-inbound-token-replies";
    private const string PublicBaseUrl = "https://followup.replies.example";
    private ConfiguredLocalApp app = null!;
    private PageClient pages = null!;

    public async Task InitializeAsync()
    {
        app = await ConfiguredLocalApp.StartAsync(settings =>
        {
            settings["FollowUp:PublicBaseUrl"] = PublicBaseUrl;
            settings["FollowUp:Twilio:AccountSid"] = FakeTwilio.AccountSid;
            settings["FollowUp:Twilio:AuthToken"] = AuthToken;
        });
        pages = new PageClient(app.Http.BaseAddress!);
    }

    public async Task DisposeAsync()
    {
        pages.Dispose();
        await app.DisposeAsync();
    }

    private async Task<string> EnrollAsync(object contact)
    {
        var sequenceId = TestData.Id("replies");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Replies " + sequenceId, true,
            SequenceJson.Email("hello", "PT0S", subject: "Hello"), SequenceJson.Email("later", "P2D")))).EnsureSuccessStatusCode();
        var response = await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact });
        response.EnsureSuccessStatusCode();
        var enrollmentId = (await LocalAppFixture.ReadAsync<EnrollmentCreated>(response)).EnrollmentId;
        await LocalAppFixture.EventuallyAsync(
            async () => (await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{enrollmentId}"))).Steps[0].Status == StepStatus.Sent,
            TimeSpan.FromSeconds(30), "the first step is sent");
        return enrollmentId;
    }

    /// <summary>The reply of the list whose link opens <paramref name="enrollmentId"/>.</summary>
    private async Task<AngleSharp.Dom.IElement?> ReplyAsync(string enrollmentId)
    {
        var (status, page) = await pages.GetAsync("/api/dashboard/replies");
        Assert.Equal(HttpStatusCode.OK, status);
        return page.QuerySelectorAll("li.reply").FirstOrDefault(li => li.QuerySelector($"a[href='/api/dashboard/enrollments/{enrollmentId}']") is not null);
    }

    [Fact]
    public async Task Replies_AfterAnApiReply_ShowsWhoWhatWhereAndTheHalt()
    {
        var email = TestData.Email();
        var enrollmentId = await EnrollAsync(new { email, firstName = "Rita", lastName = "Reply" });

        (await app.Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = email, text = "Yes please <b>call</b> me.\n> earlier message quoted" })).EnsureSuccessStatusCode();

        var reply = await ReplyAsync(enrollmentId);
        Assert.NotNull(reply);
        Assert.Equal("Rita Reply", reply.QuerySelector("h2")!.TextContent);
        Assert.Equal("Yes please <b>call</b> me.", reply.QuerySelector(".said")!.TextContent);
        Assert.Null(reply.QuerySelector(".said b"));
        Assert.Contains("By email", reply.TextContent, StringComparison.Ordinal);
        Assert.Contains("step hello", reply.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Halted the follow-up"], reply.QuerySelectorAll(".did .status").Select(s => s.TextContent));
        Assert.Equal("mailto:" + email, reply.QuerySelector("a[href^='mailto:']")!.GetAttribute("href"));
        Assert.DoesNotContain("quoted", reply.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replies_AfterAText_ShowTheNewestFirstWithTheStopRequest()
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(new { email = TestData.Email(), phone, firstName = "Tex" });
        var form = TwilioRequests.IncomingMessage(phone, "Please remove me from your list.");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/inbound/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioRequests.Sign(AuthToken, PublicBaseUrl + "/api/inbound/twilio", form));

        (await app.Http.SendAsync(request)).EnsureSuccessStatusCode();

        var (_, page) = await pages.GetAsync("/api/dashboard/replies");
        var newest = page.QuerySelector("li.reply")!;
        Assert.NotNull(newest.QuerySelector($"a[href='/api/dashboard/enrollments/{enrollmentId}']"));
        Assert.Equal("Please remove me from your list.", newest.QuerySelector(".said")!.TextContent);
        Assert.Contains("By text", newest.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Halted the follow-up", "Opted out: asked to stop"], newest.QuerySelectorAll(".did .status").Select(s => s.TextContent));
    }

    [Fact]
    public async Task Erase_AContactWhoReplied_RemovesTheReplyFromTheList()
    {
        var email = TestData.Email();
        var enrollmentId = await EnrollAsync(new { email, firstName = "Erin" });
        (await app.Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = email, text = "Forget me" })).EnsureSuccessStatusCode();
        Assert.NotNull(await ReplyAsync(enrollmentId));

        var erased = await LocalAppFixture.ReadAsync<ErasureView>(await app.Http.DeleteAsync($"/api/contacts/{email}"));

        Assert.Equal(1, erased.Removed[StorageNames.RecentRepliesTable]);
        Assert.Null(await ReplyAsync(enrollmentId));
        var table = app.Services.GetRequiredService<FollowUpStorage>().Table(StorageNames.RecentRepliesTable);
        Assert.True(EnrollmentId.TryGetContactId(enrollmentId, out var contactId));
        Assert.Empty(await table.QueryAsync<TableEntity>(RecentReplies.OfContact(contactId)).ToListAsync());
    }

    [Fact]
    public async Task Replies_BadContinuation_SaysTheListExpired()
    {
        var (status, page) = await pages.GetAsync("/api/dashboard/replies?after=made-up");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("/api/dashboard/replies", page.QuerySelector("main a.button")!.GetAttribute("href"));
    }
}
