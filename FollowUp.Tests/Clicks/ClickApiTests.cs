using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Clicks;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Unsubscribe;
using MimeKit;

namespace FollowUp.Tests.Clicks;

/// <summary>Tracked links end to end through FollowUp.Local: a tracked email goes out through the outbox, and its links are followed as a browser and a scanner follow them.</summary>
public sealed class ClickApiTests(PublicLocalAppFixture local) : IClassFixture<PublicLocalAppFixture>
{
    private const string Browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private const string Html = "<p>Hi {{ contact.firstName }}, see <a href=\"https://shop.example/sale?utm_source=followup\">the sale</a>, <a href=\"mailto:help@shop.example\">write</a> or <a href=\"https://blog.example/post\">read</a>.</p>";

    private const string Text = "Hi {{ contact.firstName }}, see https://shop.example/sale?utm_source=followup.";

    /// <summary>A client on the app that shows redirects instead of following them.</summary>
    private HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = local.Http.BaseAddress };

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    /// <summary>Saves a sequence of one email step that tracks clicks and is due at once, enrolls a new contact, and reads the email the outbox writes.</summary>
    private async Task<(string EnrollmentId, MimeMessage Email)> SendTrackedAsync()
    {
        var sequenceId = TestData.Id("seq");
        var body = new { name = "Clicks", steps = new[] { SequenceJson.Email("offer", "PT0S", text: Text, html: Html) }, stopOn = new { reply = true }, trackClicks = true };
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", body)).EnsureSuccessStatusCode();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(
            await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" } }));
        var emlPath = Path.Combine(local.Outbox.Path, $"{created.EnrollmentId}_offer.eml");
        await LocalAppFixture.EventuallyAsync(() => Task.FromResult(File.Exists(emlPath)), TimeSpan.FromSeconds(30), "the tracked email is written");
        return (created.EnrollmentId, await MimeMessage.LoadAsync(emlPath));
    }

    private static List<string> Hrefs(string html) =>
        [.. new HtmlParser().ParseDocument(html).QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "")];

    private static HttpRequestMessage Follow(HttpMethod method, string link, string? userAgent = Browser)
    {
        var request = new HttpRequestMessage(method, PublicLocalAppFixture.LocalPath(link));
        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent);
        }

        return request;
    }

    [Fact]
    public async Task FollowLink_OfATrackedEmail_Redirects302ToTheOriginal_AndTheTimelineHasTheClick()
    {
        var (enrollmentId, email) = await SendTrackedAsync();
        var hrefs = Hrefs(email.HtmlBody!);
        Assert.Equal(4, hrefs.Count);
        Assert.StartsWith(PublicLocalAppFixture.PublicBaseUrl + "/api/r/", hrefs[0], StringComparison.Ordinal);
        Assert.Equal("mailto:help@shop.example", hrefs[1]);
        Assert.StartsWith(PublicLocalAppFixture.PublicBaseUrl + "/api/r/", hrefs[2], StringComparison.Ordinal);
        Assert.StartsWith(PublicLocalAppFixture.PublicBaseUrl + "/api/unsubscribe?t=", hrefs[3], StringComparison.Ordinal);
        Assert.StartsWith($"<{PublicLocalAppFixture.PublicBaseUrl}/api/unsubscribe?t=", email.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.DoesNotContain("shop.example/sale", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("/api/r/", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("\nUnsubscribe: " + PublicLocalAppFixture.PublicBaseUrl + "/api/unsubscribe?t=", email.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        using var http = NoRedirects();
        var response = await http.SendAsync(Follow(HttpMethod.Get, hrefs[0]));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(new Uri("https://shop.example/sale?utm_source=followup"), response.Headers.Location);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var click = Assert.Single((await GetAsync(enrollmentId)).Timeline, e => e.Kind == TimelineEventKind.Clicked);
        Assert.Equal("offer", click.StepId);
        Assert.Equal("Link h1 to shop.example", click.Detail);
        Assert.Null(click.ByScanner);
    }

    [Fact]
    public async Task FollowLink_HeadRequest_RedirectsAndIsRecordedByScanner()
    {
        var (enrollmentId, email) = await SendTrackedAsync();
        var link = Hrefs(email.HtmlBody!)[2];

        using var http = NoRedirects();
        var response = await http.SendAsync(Follow(HttpMethod.Head, link));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(new Uri("https://blog.example/post"), response.Headers.Location);
        var click = Assert.Single((await GetAsync(enrollmentId)).Timeline, e => e.Kind == TimelineEventKind.Clicked);
        Assert.True(click.ByScanner);
        Assert.Equal("Link h2 to blog.example, by a link scanner: a HEAD request", click.Detail);
    }

    /// <summary>How a genuine link is altered, by someone who wants it to go elsewhere or to make it up.</summary>
    [Theory]
    [InlineData("destination swapped, signature kept")]
    [InlineData("one character of the signature changed")]
    [InlineData("signed with a key the app does not know")]
    [InlineData("an unsubscribe token")]
    [InlineData("not a token")]
    public async Task FollowLink_AlteredOrForgedToken_RedirectsNowhere_AndShowsAPage(string alteration)
    {
        var (enrollmentId, email) = await SendTrackedAsync();
        var genuine = Hrefs(email.HtmlBody!)[0][(PublicLocalAppFixture.PublicBaseUrl + "/api/r/").Length..];
        var evil = UnsubscribeTokens.Sign($"{enrollmentId} offer h1 https://evil.example/", purpose: ClickLinks.Purpose, key: UnsubscribeTokens.OtherKey);
        var token = alteration switch
        {
            "destination swapped, signature kept" => evil.Split('.')[0] + "." + genuine.Split('.')[1],
            "one character of the signature changed" => genuine[..^1] + (genuine[^1] == 'A' ? 'B' : 'A'),
            "signed with a key the app does not know" => evil,
            "an unsubscribe token" => UnsubscribeTokens.Sign($"{enrollmentId} offer h1 https://evil.example/"),
            _ => "https%3A%2F%2Fevil.example%2F",
        };

        using var http = NoRedirects();
        var page = await http.SendAsync(Follow(HttpMethod.Get, $"{PublicLocalAppFixture.PublicBaseUrl}/api/r/{token}"));
        var jsonRequest = Follow(HttpMethod.Get, $"{PublicLocalAppFixture.PublicBaseUrl}/api/r/{token}");
        jsonRequest.Headers.Accept.ParseAdd("application/json");
        var json = await http.SendAsync(jsonRequest);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Null(page.Headers.Location);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("This link is not valid.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Null(json.Headers.Location);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain((await GetAsync(enrollmentId)).Timeline, e => e.Kind == TimelineEventKind.Clicked);
    }

    [Fact]
    public async Task Preview_OfATrackingSequence_ShowsTheOriginalLinks_AndHowManyAreTracked()
    {
        var sequenceId = TestData.Id("seq");
        var body = new { name = "Clicks", steps = new object[] { SequenceJson.Email("offer", "PT0S", text: Text, html: Html), SequenceJson.Sms("nudge", "P1D", "See https://shop.example/") }, stopOn = new { reply = true }, trackClicks = true };
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", body)).EnsureSuccessStatusCode();

        var stored = await local.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/sequences/{sequenceId}");
        var preview = await LocalAppFixture.ReadAsync<PreviewAnswer>(
            await local.Http.PostAsJsonAsync($"/api/sequences/{sequenceId}/preview", new { contact = new { email = "ann@example.com", phone = "+14155550100", firstName = "Ann" } }));

        Assert.True(stored.GetProperty("trackClicks").GetBoolean());
        Assert.Equal(3, preview.Steps[0].TrackedLinks);
        Assert.Contains("href=\"https://shop.example/sale?utm_source=followup\"", preview.Steps[0].Html, StringComparison.Ordinal);
        Assert.Null(preview.Steps[1].TrackedLinks);
        Assert.Equal("See https://shop.example/", preview.Steps[1].Text);
    }
}
