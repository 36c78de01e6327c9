using System.Net.Http.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Dashboard;

/// <summary>The contact pages through FollowUp.Local: lookup, consent per channel, opt-out and a confirmed opt-in, erasure.</summary>
public sealed class ContactPageTests(LocalAppFixture app) : IClassFixture<LocalAppFixture>, IDisposable
{
    private readonly DashboardPoster dashboard = new(app.Http.BaseAddress!);

    public void Dispose() => dashboard.Dispose();

    /// <summary>Enrolls a new contact with an email and a phone into a sequence whose first email goes after <paramref name="after"/>.</summary>
    private async Task<(string Email, string Phone, EnrollmentCreated Created, string ContactId)> EnrollAsync(string after = "P1D")
    {
        var sequenceId = TestData.Id("seq");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Welcome series", true, SequenceJson.Email("hello", after)))).EnsureSuccessStatusCode();
        var email = TestData.Email();
        var phone = TestData.Phone();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await app.Http.PostAsJsonAsync("/api/enrollments", new
        {
            sequenceId,
            contact = new { email, phone, firstName = "Ann", lastName = "Lee", timeZone = "Europe/London" },
        }));
        return (email, phone, created, created.EnrollmentId[..created.EnrollmentId.IndexOf('-', StringComparison.Ordinal)]);
    }

    private async Task<ContactView> ApiContactAsync(string email) =>
        await LocalAppFixture.ReadAsync<ContactView>(await app.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}"));

    private async Task<string> TokenAsync(string contactId) => DashboardPoster.TokenOf((await dashboard.GetAsync($"/api/dashboard/contacts/{contactId}")).Page);

    [Fact]
    public async Task Search_ByEmailInCapitals_LeadsToTheContactPageWithTheirFollowUps()
    {
        var (email, phone, created, contactId) = await EnrollAsync();

        using var found = await dashboard.Http.GetAsync("/api/dashboard/contacts?q=" + Uri.EscapeDataString(email.ToUpperInvariant()));
        var (status, page, _) = await dashboard.FollowAsync(found);

        Assert.Equal($"/api/dashboard/contacts/{contactId}", found.Headers.Location!.ToString());
        Assert.Equal(200, status);
        Assert.Equal("Ann Lee", page.QuerySelector("h1")!.TextContent);
        Assert.Contains(email, page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(phone, page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Europe/London", page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, page.QuerySelectorAll(".consent .status.ok").Length);
        var link = page.QuerySelector($"a[href='/api/dashboard/enrollments/{created.EnrollmentId}']");
        Assert.Equal("Welcome series", link?.TextContent);
    }

    [Fact]
    public async Task Search_ByPhoneAsPeopleWriteIt_FindsTheContact()
    {
        var (_, phone, _, contactId) = await EnrollAsync();
        var written = $"{phone[..3]} {phone[3..7]} {phone[7..10]}-{phone[10..]}";

        using var found = await dashboard.Http.GetAsync("/api/dashboard/contacts?q=" + Uri.EscapeDataString(written));

        Assert.Equal(303, (int)found.StatusCode);
        Assert.Equal($"/api/dashboard/contacts/{contactId}", found.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("nobody-here@example.com", 404, "No contact has this address")]
    [InlineData("not an address", 400, "Type a whole email address")]
    public async Task Search_NothingFound_SaysWhyBesideTheField(string query, int expected, string words)
    {
        var (status, page, _) = await dashboard.GetAsync("/api/dashboard/contacts?q=" + Uri.EscapeDataString(query));

        Assert.Equal(expected, status);
        Assert.Contains(words, page.QuerySelector("#error-q")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#q")!.GetAttribute("aria-invalid"));
        Assert.Equal(query, page.QuerySelector("#q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task OptOut_Email_TheApiShowsItAndTheDispatcherSkipsTheEmail()
    {
        var (email, _, created, contactId) = await EnrollAsync(after: "PT8S");

        using var posted = await dashboard.PostAsync($"/api/dashboard/contacts/{contactId}/opt-out", await TokenAsync(contactId), ("channel", "email"));
        var (_, page, _) = await dashboard.FollowAsync(posted);

        Assert.Contains("Email to this contact has stopped", page.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Opted out", page.QuerySelector("#consent-email .status")!.TextContent);
        Assert.Contains("Opted out on this dashboard by You, on this computer", page.QuerySelector(".consent")!.TextContent, StringComparison.Ordinal);
        var view = await ApiContactAsync(email);
        Assert.Equal("optedOut", view.EmailConsent!.State);
        Assert.Equal(OperatorConsent.Source, view.EmailConsent.Source);
        Assert.Equal("subscribed", view.PhoneConsent!.State);
        EnrollmentView enrollment = null!;
        await LocalAppFixture.EventuallyAsync(
            async () => (enrollment = await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{created.EnrollmentId}"))).Steps[0].Status is StepStatus.Sent or StepStatus.Skipped or StepStatus.Failed,
            TimeSpan.FromSeconds(60),
            "the dispatcher reaches the email step");
        Assert.Equal(StepStatus.Skipped, enrollment.Steps[0].Status);
        Assert.Empty(Directory.GetFiles(app.Outbox.Path, $"{created.EnrollmentId}*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task OptIn_WithoutTheConfirmation_IsRefusedBesideTheBoxAndChangesNothing()
    {
        var (email, _, _, contactId) = await EnrollAsync();
        await app.Services.GetRequiredService<OptOutStore>().AddAsync(AddressKey.Email(email), "unsubscribe", DateTimeOffset.UtcNow, CancellationToken.None);

        using var posted = await dashboard.PostAsync($"/api/dashboard/contacts/{contactId}/opt-in", await TokenAsync(contactId), ("channel", "email"));
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await posted.Content.ReadAsStringAsync());

        Assert.Equal(400, (int)posted.StatusCode);
        Assert.Contains("Tick the box", page.QuerySelector("#error-confirm-email")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#confirm-email")!.GetAttribute("aria-invalid"));
        Assert.Equal("optedOut", (await ApiContactAsync(email)).EmailConsent!.State);
        Assert.Null(await app.Services.GetRequiredService<OptOutStore>().FindOptInAsync(AddressKey.Email(email), CancellationToken.None));
    }

    [Fact]
    public async Task OptIn_Confirmed_LiftsTheOptOutAndRecordsTheOperatorAndWhen()
    {
        var (email, _, created, contactId) = await EnrollAsync();
        var optOuts = app.Services.GetRequiredService<OptOutStore>();
        await optOuts.AddAsync(AddressKey.Email(email), "unsubscribe", DateTimeOffset.UtcNow.AddDays(-3), CancellationToken.None);
        var before = DateTimeOffset.UtcNow;

        using var posted = await dashboard.PostAsync($"/api/dashboard/contacts/{contactId}/opt-in", await TokenAsync(contactId), ("channel", "email"), ("confirm", "yes"));
        var (_, page, _) = await dashboard.FollowAsync(posted);

        Assert.Equal("subscribed", (await ApiContactAsync(email)).EmailConsent!.State);
        var optIn = await optOuts.FindOptInAsync(AddressKey.Email(email), CancellationToken.None);
        Assert.NotNull(optIn);
        Assert.Equal("local", optIn.ById);
        Assert.Equal("You, on this computer", optIn.By);
        Assert.Equal("unsubscribe", optIn.EndedSource);
        Assert.InRange(optIn.OptedInUtc, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Contains("Last opted back in by You, on this computer", page.QuerySelector("#consent-email")!.ParentElement!.TextContent, StringComparison.Ordinal);
        var timeline = await app.Services.GetRequiredService<TimelineStore>().ListAsync(created.EnrollmentId, CancellationToken.None);
        Assert.Contains(timeline, entry => entry.Kind == TimelineEventKind.OptedIn && entry.Detail!.Contains("You, on this computer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OptOut_WithoutTheFormToken_IsRefusedAndStoresNothing()
    {
        var (email, _, _, contactId) = await EnrollAsync();

        using var posted = await dashboard.PostAsync($"/api/dashboard/contacts/{contactId}/opt-out", null, ("channel", "email"));

        Assert.Equal(400, (int)posted.StatusCode);
        Assert.Contains("This form is out of date", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("subscribed", (await ApiContactAsync(email)).EmailConsent!.State);
    }

    [Fact]
    public async Task Erase_OnlyWithTheWordTyped_ErasesTheContact()
    {
        var (email, _, _, contactId) = await EnrollAsync();
        var token = await TokenAsync(contactId);

        using var refused = await dashboard.PostAsync($"/api/dashboard/contacts/{contactId}/erase", token, ("confirm", "erase"));
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Equal(200, (int)(await app.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}")).StatusCode);

        using var erased = await dashboard.PostAsync($"/api/dashboard/contacts/{contactId}/erase", token, ("confirm", "ERASE"));
        var (_, page, _) = await dashboard.FollowAsync(erased);

        Assert.Contains("were erased", page.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(404, (int)(await app.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}")).StatusCode);
        Assert.Equal(404, (await dashboard.GetAsync($"/api/dashboard/contacts/{contactId}")).Status);
    }
}
