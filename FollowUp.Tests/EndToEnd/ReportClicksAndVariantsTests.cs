using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using MimeKit;

namespace FollowUp.Tests.EndToEnd;

/// <summary>FollowUp.Local end to end: a tracked two-variant step, its links followed by people (some twice) and by a scanner; the report counts each person's click once, by step and by variant.</summary>
public sealed class ReportClicksAndVariantsTests(PublicLocalAppFixture local) : IClassFixture<PublicLocalAppFixture>
{
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    private async Task FollowAsync(HttpClient http, string link, string userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, PublicLocalAppFixture.LocalPath(link));
        request.Headers.UserAgent.ParseAdd(userAgent);
        Assert.Equal(HttpStatusCode.Found, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Report_ClicksOnATrackedTwoVariantStep_CountsEachPersonOnceByStepAndVariant()
    {
        var sequenceId = TestData.Id("seq");
        var step = new
        {
            id = "offer",
            after = "PT0S",
            channel = "email",
            subject = "Our offer",
            text = "See https://shop.example/sale",
            html = "<p>See <a href=\"https://shop.example/sale\">the sale</a></p>",
            variants = new[] { new { id = "a", subject = "Offer A" }, new { id = "b", subject = "Offer B" } },
        };
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", new { name = "Offer", steps = new[] { step }, stopOn = new { reply = true }, trackClicks = true })).EnsureSuccessStatusCode();
        var enrollments = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(
                await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" } }));
            enrollments.Add(created.EnrollmentId);
        }

        var links = new Dictionary<string, string>();
        foreach (var id in enrollments)
        {
            var path = Path.Combine(local.Outbox.Path, $"{id}_offer.eml");
            await LocalAppFixture.EventuallyAsync(() => Task.FromResult(File.Exists(path)), TimeSpan.FromSeconds(60), "the tracked email is written");
            var html = (await MimeMessage.LoadAsync(path)).HtmlBody!;
            links[id] = new HtmlParser().ParseDocument(html).QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).First(href => href.Contains("/api/r/", StringComparison.Ordinal));
        }

        // The first six are clicked by people, the first three of them twice, a second apart; the last is only scanned.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = local.Http.BaseAddress };
        var clickers = enrollments.Take(6).ToList();
        foreach (var id in clickers)
        {
            await FollowAsync(http, links[id], Browser);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        foreach (var id in clickers.Take(3))
        {
            await FollowAsync(http, links[id], Browser);
        }

        await FollowAsync(http, links[enrollments[^1]], "Barracuda Sentinel (EE)");

        var variantOf = new Dictionary<string, string>();
        foreach (var id in enrollments)
        {
            await LocalAppFixture.EventuallyAsync(async () => (await GetAsync(id)).Steps[0].Status == StepStatus.Sent, TimeSpan.FromSeconds(30), "the step is recorded sent");
            variantOf[id] = (await GetAsync(id)).Steps[0].Variant!;
        }

        using var report = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sequences/{sequenceId}/report"));
        var offer = report.RootElement.GetProperty("steps")[0];
        Assert.Equal(12, offer.GetProperty("counts").GetProperty("sent").GetInt64());
        Assert.Equal(6, offer.GetProperty("counts").GetProperty("clicked").GetInt64());
        foreach (var variant in offer.GetProperty("variants").EnumerateArray())
        {
            var id = variant.GetProperty("variant").GetString();
            Assert.Equal(variantOf.Values.Count(v => v == id), variant.GetProperty("counts").GetProperty("sent").GetInt64());
            Assert.Equal(clickers.Count(c => variantOf[c] == id), variant.GetProperty("counts").GetProperty("clicked").GetInt64());
        }

        Assert.Equal(variantOf.Values.Distinct().Count(), offer.GetProperty("variants").GetArrayLength());
    }
}
