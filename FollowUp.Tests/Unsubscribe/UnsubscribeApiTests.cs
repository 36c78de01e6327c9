using System.Net;
using System.Net.Http.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FollowUp.Tests.Unsubscribe;

/// <summary>The unsubscribe link driven through FollowUp.Local's HTTP, as a person and a mail client drive it.</summary>
public sealed class UnsubscribeApiTests(PublicLocalAppFixture local) : IClassFixture<PublicLocalAppFixture>
{
    private HttpClient Http => local.Http;

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    private Task<bool> IsOptedOutAsync(string email) =>
        local.Services.GetRequiredService<OptOutStore>().IsOptedOutAsync(AddressKey.Email(email), CancellationToken.None);

    /// <summary>Saves a sequence of one email step due at once and enrolls <paramref name="email"/>; returns the enrollment id.</summary>
    private async Task<string> EnrollAsync(string email)
    {
        var sequenceId = TestData.Id("seq");
        (await Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Test", true, SequenceJson.Email("thanks", "PT0S")))).EnsureSuccessStatusCode();
        var response = await Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName = "Ann" } });
        return (await LocalAppFixture.ReadAsync<EnrollmentCreated>(response)).EnrollmentId;
    }

    private static HttpRequestMessage OneClick(string path) =>
        new(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]) };

    [Fact]
    public async Task OneClickPost_SuppressesTheAddress_AndAnotherSequenceSkipsItsEmail()
    {
        var email = TestData.Email();
        var first = await EnrollAsync(email);
        var emlPath = Path.Combine(local.Outbox.Path, $"{first}_thanks.eml");
        await LocalAppFixture.EventuallyAsync(() => Task.FromResult(File.Exists(emlPath)), TimeSpan.FromSeconds(20), "the first email is written");
        var header = (await MimeMessage.LoadAsync(emlPath)).Headers["List-Unsubscribe"];
        var path = PublicLocalAppFixture.LocalPath(header!.Trim('<', '>'));
        Assert.StartsWith("/api/unsubscribe?t=", path, StringComparison.Ordinal);

        var page = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" action=\"?t=", html, StringComparison.Ordinal);
        Assert.Contains(">Unsubscribe</button>", html, StringComparison.Ordinal);
        Assert.False(await IsOptedOutAsync(email));

        var done = await Http.SendAsync(OneClick(path));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("You are unsubscribed", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await IsOptedOutAsync(email));
        var again = await Http.SendAsync(OneClick(path));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("You are unsubscribed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await GetAsync(first)).Timeline, e => e.Kind == TimelineEventKind.Unsubscribed);

        var second = await EnrollAsync(email);
        // The timeline entry is written just after the outcome is recorded, so wait for both.
        await LocalAppFixture.EventuallyAsync(
            async () => await GetAsync(second) is { Status: EnrollmentStatus.Completed } done && done.Timeline.Any(e => e.Kind == TimelineEventKind.Skipped),
            TimeSpan.FromSeconds(20), "the second sequence is done");
        var view = await GetAsync(second);
        Assert.Equal(StepStatus.Skipped, view.Steps[0].Status);
        Assert.Equal("The email address has opted out.", view.Steps[0].Detail);
        Assert.Contains(view.Timeline, e => e.Kind == TimelineEventKind.Skipped && e.StepId == "thanks");
        Assert.Empty(local.Outbox.Files($"{second}_*"));
    }

    [Fact]
    public async Task BrowserFormPost_WithoutOneClickBody_AlsoUnsubscribes()
    {
        var email = TestData.Email();
        var contactId = (await GetAsync(await EnrollAsync(email))).ContactId;

        var response = await Http.PostAsync($"/api/unsubscribe?t={UnsubscribeTokens.Sign(UnsubscribeTokens.Value(contactId, email))}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await IsOptedOutAsync(email));
    }

    /// <summary>A token that must not unsubscribe the address of <paramref name="value"/>: <paramref name="forgery"/> says how it is made.</summary>
    private static string? ForgedToken(string forgery, string value, string contactId) => forgery switch
    {
        "missing" => null,
        "empty" => "",
        "malformed" => "not-a-token",
        "other key" => UnsubscribeTokens.Sign(value, key: UnsubscribeTokens.OtherKey),
        "reply purpose" => UnsubscribeTokens.Sign(value, purpose: "reply"),
        "value of one, signature of another" => UnsubscribeTokens.Sign(value).Split('.')[0] + "."
            + UnsubscribeTokens.Sign(UnsubscribeTokens.Value(contactId, TestData.Email())).Split('.')[1],
        _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
    };

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("malformed")]
    [InlineData("other key")]
    [InlineData("reply purpose")]
    [InlineData("value of one, signature of another")]
    public async Task ForgedOrForeignToken_Is400_AndStoresNothing(string forgery)
    {
        var email = TestData.Email();
        var enrollmentId = await EnrollAsync(email);
        var contactId = (await GetAsync(enrollmentId)).ContactId;
        var token = ForgedToken(forgery, UnsubscribeTokens.Value(contactId, email), contactId);
        var path = token is null ? "/api/unsubscribe" : $"/api/unsubscribe?t={token}";

        var page = await Http.GetAsync(path);
        var post = await Http.SendAsync(OneClick(path));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("not valid", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await IsOptedOutAsync(email));
        Assert.DoesNotContain((await GetAsync(enrollmentId)).Timeline, e => e.Kind == TimelineEventKind.Unsubscribed);
    }
}
