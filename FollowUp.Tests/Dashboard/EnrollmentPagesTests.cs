using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using FollowUp.Engine.Dashboard.Enrollments;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using NodaTime;

namespace FollowUp.Tests.Dashboard;

/// <summary>The dashboard's enrollment pages through FollowUp.Local over real HTTP and Azurite: the list and its filters, an enrollment's page, halting, and enrolling by hand.</summary>
public sealed class EnrollmentPagesTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>, IDisposable
{
    private readonly PageClient pages = new(local.Http.BaseAddress!);

    public void Dispose() => pages.Dispose();

    private async Task<string> PutSequenceAsync(string name, params object[] steps)
    {
        var id = TestData.Id("dash");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence(name, true, steps))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<string> EnrollAsync(string sequenceId, string email, string firstName = "Ann")
    {
        var response = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName, lastName = "Smith" } });
        response.EnsureSuccessStatusCode();
        return (await LocalAppFixture.ReadAsync<EnrollmentCreated>(response)).EnrollmentId;
    }

    private static string PathOf(HttpResponseMessage seeOther) => seeOther.Headers.Location!.OriginalString.Split('?')[0];

    private static List<string> ListedIds(IDocument page) =>
        [.. page.QuerySelectorAll("table.enrollments tbody tr a").Select(a => a.GetAttribute("href")!.Split('/')[^1])];

    [Fact]
    public async Task List_BySequenceAndStatus_ShowsThoseEnrollmentsWithMaskedAddresses()
    {
        var sequenceId = await PutSequenceAsync("Dashboard list", SequenceJson.Email("hello", "P1D"));
        var otherId = await PutSequenceAsync("Other list", SequenceJson.Email("hello", "P1D"));
        var (annEmail, bobEmail) = (TestData.Email(), TestData.Email());
        var ann = await EnrollAsync(sequenceId, annEmail, "Ann");
        var bob = await EnrollAsync(sequenceId, bobEmail, "Bob");
        var other = await EnrollAsync(otherId, TestData.Email());
        (await local.Http.PostAsJsonAsync("/api/replies", new { enrollmentId = bob })).EnsureSuccessStatusCode();

        var (status, all) = await pages.GetAsync($"/api/dashboard/enrollments?sequence={sequenceId}");
        var (_, halted) = await pages.GetAsync($"/api/dashboard/enrollments?sequence={sequenceId}&status=halted");
        var (_, active) = await pages.GetAsync($"/api/dashboard/enrollments?sequence={sequenceId}&status=active");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([ann, bob], ListedIds(all));
        Assert.DoesNotContain(other, ListedIds(all));
        Assert.Equal([bob], ListedIds(halted));
        Assert.Equal([ann], ListedIds(active));
        var html = all.DocumentElement.OuterHtml;
        Assert.DoesNotContain(annEmail, html, StringComparison.Ordinal);
        // TestData addresses start with "person": the first letter and the domain show.
        Assert.Contains("p••••••@example.com", all.QuerySelectorAll(".address").Select(a => a.TextContent));
        Assert.Contains("Ann Smith", all.QuerySelectorAll("table.enrollments a").Select(a => a.TextContent));
        Assert.Contains("Halted: they replied", halted.QuerySelector("table.enrollments .status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("hello", active.QuerySelector("table.enrollments tbody td:nth-child(3) span")!.TextContent);
        Assert.Equal(sequenceId, all.QuerySelector<IHtmlSelectElement>("#filter-sequence")!.Value);
    }

    [Fact]
    public async Task List_BadStatusOrUnknownSequence_SaysSo()
    {
        var (badStatus, page) = await pages.GetAsync("/api/dashboard/enrollments?status=lost");
        var (unknown, _) = await pages.GetAsync($"/api/dashboard/enrollments?sequence={TestData.Id("none")}");

        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("active, completed or halted", page.QuerySelector(".message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task List_MoreThanAPage_TheNextPageContinuesWhereItEnded()
    {
        var sequenceId = await PutSequenceAsync("Dashboard pages", SequenceJson.Email("hello", "P1D"));
        var enrolled = new List<string>();
        for (var i = 0; i < EnrollmentListReader.PageSize + 2; i++)
        {
            enrolled.Add(await EnrollAsync(sequenceId, TestData.Email()));
        }

        var (_, first) = await pages.GetAsync($"/api/dashboard/enrollments?sequence={sequenceId}");
        var next = first.QuerySelector<IHtmlAnchorElement>(".pager a[rel=next]")!.GetAttribute("href")!;
        var (_, second) = await pages.GetAsync(next);
        var (tampered, _) = await pages.GetAsync(next[..^4] + "AAAA");

        Assert.Equal(EnrollmentListReader.PageSize, ListedIds(first).Count);
        Assert.Equal(2, ListedIds(second).Count);
        Assert.Null(second.QuerySelector(".pager"));
        Assert.Equal(enrolled.Order(), ListedIds(first).Concat(ListedIds(second)).Order());
        Assert.Equal(HttpStatusCode.BadRequest, tampered);
    }

    [Fact]
    public async Task Show_StepHeldByTheWindow_SaysUntilWhenAndWhy()
    {
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["America/Chicago"]).DayOfWeek;
        var days = new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }.Where((_, i) => i + 1 != (int)today).ToArray();
        var sequenceId = TestData.Id("held");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", new
        {
            name = "Held",
            steps = new[] { SequenceJson.Email("thanks", "PT0S", subject: "Thanks for asking") },
            timeZone = "America/Chicago",
            sendWindow = new { days, start = "00:00", end = "23:59" },
        })).EnsureSuccessStatusCode();
        var enrollmentId = await EnrollAsync(sequenceId, TestData.Email());

        var (status, page) = await pages.GetAsync($"/api/dashboard/enrollments/{enrollmentId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Ann Smith in Held", page.QuerySelector("h1")!.TextContent);
        var step = page.QuerySelector("li.step")!;
        Assert.Equal("Waiting", step.QuerySelector(".status")!.TextContent);
        Assert.Contains("Thanks for asking", step.QuerySelector(".step-title")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("(send window)", step.TextContent, StringComparison.Ordinal);
        Assert.Contains("outside the window", step.QuerySelector("details.why p")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Enrolled", page.QuerySelectorAll(".timeline li .status").Select(s => s.TextContent));
        Assert.NotNull(page.QuerySelector($"form[action='/api/dashboard/enrollments/{enrollmentId}/halt'][data-confirm]"));
    }

    [Fact]
    public async Task Show_StepsGoOut_ShowsThemSentOnTheTimeline()
    {
        var sequenceId = await PutSequenceAsync("Quick", SequenceJson.Email("hello", "PT0S", subject: "Hello"), SequenceJson.Email("bye", "PT1S", subject: "Bye"));
        var enrollmentId = await EnrollAsync(sequenceId, TestData.Email());
        IDocument page = null!;

        await LocalAppFixture.EventuallyAsync(
            async () => (page = (await pages.GetAsync($"/api/dashboard/enrollments/{enrollmentId}")).Page).QuerySelectorAll("li.step .status").All(s => s.TextContent == "Sent")
                && page.QuerySelectorAll(".timeline li .status").Count(s => s.TextContent == "Sent") == 2,
            TimeSpan.FromSeconds(30), "both steps show as sent, on the steps and on the timeline (written just after the step)");

        Assert.Contains("Completed", page.QuerySelector(".summary .status")!.TextContent, StringComparison.Ordinal);
        var events = page.QuerySelectorAll(".timeline li .status").Select(s => s.TextContent).ToList();
        Assert.Equal(["Enrolled", "Sent", "Sent"], events.Take(3));
        Assert.All(page.QuerySelectorAll("li.step"), step => Assert.Contains("Sent ", step.TextContent, StringComparison.Ordinal));
        Assert.Null(page.QuerySelector($"form[action$='/halt']"));
    }

    [Fact]
    public async Task Show_UnknownEnrollment_IsNotFound()
    {
        var (status, page) = await pages.GetAsync("/api/dashboard/enrollments/nobody-nothing");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("/api/dashboard/enrollments", page.QuerySelector("main a.button")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Halt_WithTheFormToken_HaltsAndRecordsWhoDid()
    {
        var sequenceId = await PutSequenceAsync("To halt", SequenceJson.Email("hello", "P1D"));
        var enrollmentId = await EnrollAsync(sequenceId, TestData.Email());
        var (_, page) = await pages.GetAsync($"/api/dashboard/enrollments/{enrollmentId}");

        var answer = await pages.SubmitAsync(PageClient.Form(page, $"/api/dashboard/enrollments/{enrollmentId}/halt"));
        var (_, after) = await pages.FollowAsync(answer);

        var view = await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));
        Assert.Equal(EnrollmentStatus.Halted, view.Status);
        Assert.Equal("dashboard", view.HaltReason);
        Assert.Contains(view.Timeline, e => e.Detail == $"Halted: dashboard, by the dashboard operator {FollowUp.Local.Keys.LocalDashboardSignIn.ThisMachine.DisplayName}.");
        Assert.Equal("Halted. Nothing more will be sent in this follow-up.", after.QuerySelector(".notice")!.TextContent);
        Assert.Equal("Halted: halted by hand", after.QuerySelector(".summary .status")!.TextContent);
    }

    [Fact]
    public async Task Halt_WithoutTheFormToken_IsRefusedAndChangesNothing()
    {
        var sequenceId = await PutSequenceAsync("Not halted", SequenceJson.Email("hello", "P1D"));
        var enrollmentId = await EnrollAsync(sequenceId, TestData.Email());
        var (_, page) = await pages.GetAsync($"/api/dashboard/enrollments/{enrollmentId}");

        var answer = await pages.SubmitAsync(PageClient.Form(page, $"/api/dashboard/enrollments/{enrollmentId}/halt"), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var view = await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));
        Assert.Equal(EnrollmentStatus.Active, view.Status);
    }

    [Fact]
    public async Task EnrollByHand_ValidForm_EnrollsOnceEvenWhenSentTwice()
    {
        var sequenceId = await PutSequenceAsync("By hand", SequenceJson.Email("hello", "P1D"));
        var email = TestData.Email();
        var (status, page) = await pages.GetAsync($"/api/dashboard/enrollments/new?sequence={sequenceId}");
        var form = PageClient.Form(page, "/api/dashboard/enrollments/new");
        var fields = new Dictionary<string, string>
        {
            ["email"] = email, ["firstName"] = "Cleo", ["lastName"] = "Hand", ["timeZone"] = "Europe/Paris", ["data"] = "{\"orderId\": \"A-100\"}",
        };

        var first = await pages.SubmitAsync(form, fields);
        var second = await pages.SubmitAsync(form, fields);
        var (_, shown) = await pages.FollowAsync(first);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(sequenceId, form.QuerySelector<IHtmlSelectElement>("select[name=sequenceId]")!.Value);
        Assert.Equal(PathOf(first), PathOf(second));
        var contact = await local.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/contacts?email={Uri.EscapeDataString(email)}");
        var enrollments = contact.GetProperty("enrollments").EnumerateArray().ToList();
        Assert.Single(enrollments);
        Assert.Equal("Europe/Paris", contact.GetProperty("timeZone").GetString());
        Assert.EndsWith("/" + enrollments[0].GetProperty("enrollmentId").GetString(), PathOf(first), StringComparison.Ordinal);
        Assert.Equal("Cleo Hand in By hand", shown.QuerySelector("h1")!.TextContent);
        Assert.Equal("Enrolled. The first step is planned below.", shown.QuerySelector(".notice")!.TextContent);
    }

    [Fact]
    public async Task EnrollByHand_BadEmail_ShowsTheErrorBesideTheFieldAndStoresNothing()
    {
        var sequenceId = await PutSequenceAsync("Refused by hand", SequenceJson.Email("hello", "P1D"));
        var (_, page) = await pages.GetAsync($"/api/dashboard/enrollments/new?sequence={sequenceId}");

        var answer = await pages.SubmitAsync(PageClient.Form(page, "/api/dashboard/enrollments/new"), new Dictionary<string, string> { ["email"] = "not-an-address", ["firstName"] = "Dan" });
        var refused = await PageClient.ReadAsync(answer);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var input = refused.QuerySelector<IHtmlInputElement>("#email")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("not-an-address", input.Value);
        Assert.Equal("Dan", refused.QuerySelector<IHtmlInputElement>("#firstName")!.Value);
        var error = refused.GetElementById(input.GetAttribute("aria-describedby")!)!;
        Assert.Equal("This is not a valid email address.", error.TextContent);
        Assert.Same(input.ParentElement, error.ParentElement);
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync("/api/contacts?email=not-an-address@example.com")).StatusCode);
        var (_, list) = await pages.GetAsync($"/api/dashboard/enrollments?sequence={sequenceId}");
        Assert.Empty(ListedIds(list));
    }

    [Fact]
    public async Task EnrollByHand_DataNotAnObject_ShowsTheErrorBesideTheData()
    {
        var sequenceId = await PutSequenceAsync("Data by hand", SequenceJson.Email("hello", "P1D"));
        var (_, page) = await pages.GetAsync($"/api/dashboard/enrollments/new?sequence={sequenceId}");

        var broken = await pages.SubmitAsync(PageClient.Form(page, "/api/dashboard/enrollments/new"), new Dictionary<string, string> { ["email"] = TestData.Email(), ["data"] = "{ not json" });
        var list = await pages.SubmitAsync(PageClient.Form(page, "/api/dashboard/enrollments/new"), new Dictionary<string, string> { ["email"] = TestData.Email(), ["data"] = "[1, 2]" });

        foreach (var answer in new[] { broken, list })
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            var refused = await PageClient.ReadAsync(answer);
            Assert.Equal("true", refused.QuerySelector("#data")!.GetAttribute("aria-invalid"));
            Assert.NotNull(refused.GetElementById("error-data"));
        }

        var (_, listed) = await pages.GetAsync($"/api/dashboard/enrollments?sequence={sequenceId}");
        Assert.Empty(ListedIds(listed));
    }
}
