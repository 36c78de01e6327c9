using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using FollowUp.Engine.Dashboard.Shared;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>The sequence editor of the dashboard, used over HTTP as a browser without script would.</summary>
public sealed class SequenceEditorTests(LocalAppFixture app) : IClassFixture<LocalAppFixture>
{
    private DashboardBrowser Browser() => new(app.Http.BaseAddress!);

    private async Task<string> SaveAsync(object body)
    {
        var id = TestData.Id("edit");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{id}", body)).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<SequenceDocument?> LatestAsync(string id)
    {
        using var response = await app.Http.GetAsync($"/api/sequences/{id}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await LocalAppFixture.ReadAsync<SequenceDocument>(response);
    }

    [Fact]
    public async Task Save_FromScratchWithTwoSteps_CreatesTheSequenceTheApiAnswers()
    {
        using var browser = Browser();
        var id = TestData.Id("scratch");
        var (status, page) = await browser.GetAsync("/api/dashboard/sequences/new/edit");
        Assert.Equal(200, status);

        var (added, withTwo, _) = await browser.SubmitAsync(page, "button[value='add-step']", form =>
        {
            DashboardBrowser.Set(form, "id", id);
            DashboardBrowser.Set(form, "name", "Say hello");
            DashboardBrowser.Set(form, "steps[0].subject", "Hello {{ contact.firstName }}");
            DashboardBrowser.Set(form, "steps[0].text", "Hi {{ contact.firstName }}");
        });
        Assert.Equal(200, added);
        Assert.Equal("Hello {{ contact.firstName }}", withTwo.QuerySelector<IHtmlInputElement>("[name='steps[0].subject']")!.Value);
        Assert.NotNull(withTwo.QuerySelector("[name='steps[1].text']"));
        var (saved, _, location) = await browser.SubmitAsync(withTwo, "button[value='save']", form =>
        {
            DashboardBrowser.Set(form, "steps[1].channel", "sms");
            DashboardBrowser.Set(form, "steps[1].after.days", "3");
            DashboardBrowser.Set(form, "steps[1].after.hours", "4");
            DashboardBrowser.Set(form, "steps[1].text", "Still keen, {{ contact.firstName }}?");
        });

        Assert.Equal(303, saved);
        Assert.StartsWith($"/api/dashboard/sequences/{id}?notice=", location, StringComparison.Ordinal);
        var stored = await LatestAsync(id);
        Assert.NotNull(stored);
        Assert.Equal("Say hello", stored.Name);
        Assert.Equal(["first-email", "step-2"], stored.Steps.Select(s => s.Id));
        Assert.Equal("P3DT4H", stored.Steps[1].After);
        Assert.Equal(StepChannel.Sms, stored.Steps[1].Channel);
        Assert.Null(stored.Steps[1].Subject);
        var (_, shown) = await browser.GetAsync(location!);
        Assert.Contains("Created “Say hello”", shown.QuerySelector(".notice")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_EmptySubjectOfAnEmailStep_Is400WithTheErrorBesideItAndStoresNothing()
    {
        var id = await SaveAsync(SequenceJson.Sequence("Two emails", true, SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P2D")));
        using var browser = Browser();
        var (_, page) = await browser.GetAsync($"/api/dashboard/sequences/{id}/edit");

        var (status, answer, _) = await browser.SubmitAsync(page, "button[value='save']", form =>
        {
            DashboardBrowser.Set(form, "name", "Renamed");
            DashboardBrowser.Set(form, "steps[1].subject", " ");
        });

        Assert.Equal(400, status);
        var input = answer.QuerySelector("[name='steps[1].subject']")!;
        var errorId = FieldError.IdFor("steps[1].subject");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains(errorId, input.GetAttribute("aria-describedby")!.Split(' '));
        var error = answer.GetElementById(errorId)!;
        Assert.Equal("This template is required.", error.TextContent);
        Assert.Same(input.ParentElement, error.ParentElement);
        Assert.NotNull(answer.QuerySelector($".errors a[href='#{input.Id}']"));
        Assert.Equal("Renamed", answer.QuerySelector<IHtmlInputElement>("[name='name']")!.Value);
        var stored = await LatestAsync(id);
        Assert.Equal(1, stored!.Version);
        Assert.Equal("Two emails", stored.Name);
    }

    [Fact]
    public async Task Save_TemplateThatFailsWhenRendered_Is422BesideTheFieldAndStoresNothing()
    {
        using var browser = Browser();
        var id = TestData.Id("liquid");
        var (_, page) = await browser.GetAsync("/api/dashboard/sequences/new/edit");

        var (status, answer, _) = await browser.SubmitAsync(page, "button[value='save']", form =>
        {
            DashboardBrowser.Set(form, "id", id);
            DashboardBrowser.Set(form, "name", "Bad Liquid");
            DashboardBrowser.Set(form, "steps[0].subject", "Hello");
            DashboardBrowser.Set(form, "steps[0].text", "{{ contact.firstName | divided_by: 0 }}");
        });

        Assert.Equal(422, status);
        var input = answer.QuerySelector("[name='steps[0].text']")!;
        Assert.Contains(FieldError.IdFor("steps[0].text"), input.GetAttribute("aria-describedby")!.Split(' '));
        Assert.Contains("fails for a sample contact", answer.GetElementById(FieldError.IdFor("steps[0].text"))!.TextContent, StringComparison.Ordinal);
        Assert.Null(await LatestAsync(id));
    }

    [Fact]
    public async Task Save_UnclosedLiquidTag_Is400BesideTheField()
    {
        using var browser = Browser();
        var (_, page) = await browser.GetAsync("/api/dashboard/sequences/new/edit");

        var (status, answer, _) = await browser.SubmitAsync(page, "button[value='save']", form =>
        {
            DashboardBrowser.Set(form, "id", TestData.Id("unclosed"));
            DashboardBrowser.Set(form, "name", "Unclosed");
            DashboardBrowser.Set(form, "steps[0].subject", "Hello {{ contact.firstName");
            DashboardBrowser.Set(form, "steps[0].text", "Hi");
        });

        Assert.Equal(400, status);
        Assert.NotNull(answer.GetElementById(FieldError.IdFor("steps[0].subject")));
    }

    [Fact]
    public async Task Actions_AddMoveAndRemoveStepsWithoutScript_KeepWhatWasTyped()
    {
        using var browser = Browser();
        var (_, page) = await browser.GetAsync("/api/dashboard/sequences/new/edit");
        var (_, two, _) = await browser.SubmitAsync(page, "button[value='add-step']", form => DashboardBrowser.Set(form, "steps[0].subject", "First"));
        var (_, moved, _) = await browser.SubmitAsync(two, "button[value='down:0']", form => DashboardBrowser.Set(form, "steps[1].subject", "Second"));

        Assert.Equal("Second", moved.QuerySelector<IHtmlInputElement>("[name='steps[0].subject']")!.Value);
        Assert.Equal("First", moved.QuerySelector<IHtmlInputElement>("[name='steps[1].subject']")!.Value);
        var (status, removed, _) = await browser.SubmitAsync(moved, "button[value='remove-step:0']");
        Assert.Equal(200, status);
        Assert.Equal("First", removed.QuerySelector<IHtmlInputElement>("[name='steps[0].subject']")!.Value);
        Assert.Null(removed.QuerySelector("[name='steps[1].subject']"));
    }

    [Fact]
    public async Task Actions_AbTestAStep_AddsTwoWeightedVariantsThatSave()
    {
        var id = await SaveAsync(SequenceJson.Sequence("Variants", true, SequenceJson.Email("first", "PT0S")));
        using var browser = Browser();
        var (_, page) = await browser.GetAsync($"/api/dashboard/sequences/{id}/edit");

        var (_, split, _) = await browser.SubmitAsync(page, "button[value='add-variant:0']");
        var (status, _, _) = await browser.SubmitAsync(split, "button[value='save']", form =>
        {
            DashboardBrowser.Set(form, "steps[0].variants[1].subject", "Another hello");
            DashboardBrowser.Set(form, "steps[0].variants[1].weight", "3");
        });

        Assert.Equal(303, status);
        var variants = (await LatestAsync(id))!.Steps[0].Variants!;
        Assert.Equal(["a", "b"], variants.Select(v => v.Id));
        Assert.Equal([1, 3], variants.Select(v => v.Weight ?? 1));
        Assert.Null(variants[0].Subject);
        Assert.Equal("Another hello", variants[1].Subject);
    }

    [Fact]
    public async Task Preview_ShowsTheRenderedSubjectAndWhenAndWhyForTheSampleContact()
    {
        var id = await SaveAsync(new
        {
            name = "Windowed",
            steps = new object[] { SequenceJson.Email("hello", "PT0S", subject: "Hello {{ contact.firstName }} about {{ data.interest }}") },
            stopOn = new { reply = true },
            sendWindow = new { days = new[] { "Sat" }, start = "09:00", end = "10:00" },
            timeZone = "Europe/London",
        });
        using var browser = Browser();
        var (_, page) = await browser.GetAsync($"/api/dashboard/sequences/{id}/edit");

        var (status, answer, _) = await browser.SubmitAsync(page, ".card button[value='preview']", form =>
        {
            DashboardBrowser.Set(form, "contact.firstName", "Priya");
            DashboardBrowser.Set(form, "data", """{"interest": "a kitchen"}""");
        });

        Assert.Equal(200, status);
        var preview = answer.GetElementById("preview")!;
        Assert.Equal("Hello Priya about a kitchen", preview.QuerySelector(".subject span")?.TextContent);
        Assert.Contains("Sat", preview.QuerySelector(".when")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("window", preview.QuerySelector(".why")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, (await LatestAsync(id))!.Version);
    }

    [Fact]
    public async Task Preview_SampleDataThatIsNotJson_Is400BesideTheDataField()
    {
        var id = await SaveAsync(SequenceJson.Sequence("Data", true, SequenceJson.Email("first", "PT0S")));
        using var browser = Browser();
        var (_, page) = await browser.GetAsync($"/api/dashboard/sequences/{id}/edit");

        var (status, answer, _) = await browser.SubmitAsync(page, ".card button[value='preview']", form => DashboardBrowser.Set(form, "data", "{nope"));

        Assert.Equal(400, status);
        Assert.Contains(FieldError.IdFor("data"), answer.QuerySelector("[name='data']")!.GetAttribute("aria-describedby")!, StringComparison.Ordinal);
        Assert.Null(answer.GetElementById("preview"));
    }

    [Fact]
    public async Task Json_RoundTripsTheDefinitionAndSavesWhatIsTyped()
    {
        var id = await SaveAsync(new
        {
            name = "Round trip",
            steps = new object[] { SequenceJson.Email("first", "PT10M"), SequenceJson.Sms("second", "P3D") },
            stopOn = new { reply = false, events = new[] { "order_placed" } },
            sendWindow = new { days = new[] { "Mon", "Tue" }, start = "08:30", end = "18:00" },
            smsQuietHours = "20:00-09:00",
            holidays = new[] { "2026-12-25" },
            spread = "PT20M",
            reenroll = "never",
        });
        var before = await LatestAsync(id);
        using var browser = Browser();
        var (status, page) = await browser.GetAsync($"/api/dashboard/sequences/{id}/json");
        Assert.Equal(200, status);
        var shown = JsonSerializer.Deserialize<SequenceRequest>(page.QuerySelector("textarea[name='json']")!.TextContent, Engine.Http.FollowUpJson.Options)!;
        Assert.Equal(before!.Name, shown.Name);

        var (toForm, form, _) = await browser.SubmitAsync(page, "button[value='form']");
        Assert.Equal(200, toForm);
        var (unchanged, _, notice) = await browser.SubmitAsync(form, "button[value='save']");
        Assert.Equal(303, unchanged);
        Assert.Equal(1, (await LatestAsync(id))!.Version);
        var (_, saved) = await browser.GetAsync(notice!);
        Assert.Contains("Nothing had changed", saved.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);

        var (_, again) = await browser.GetAsync($"/api/dashboard/sequences/{id}/json");
        var edited = again.QuerySelector("textarea[name='json']")!.TextContent.Replace("Round trip", "Round trip, edited", StringComparison.Ordinal);
        var (savedJson, _, _) = await browser.SubmitAsync(again, "button[value='save']", document => DashboardBrowser.Set(document, "json", edited));
        Assert.Equal(303, savedJson);
        var after = await LatestAsync(id);
        Assert.Equal(2, after!.Version);
        Assert.Equal("Round trip, edited", after.Name);
        Assert.Equal(before.Steps.Select(s => (s.Id, s.After, s.Channel, s.Subject, s.Text)), after.Steps.Select(s => (s.Id, s.After, s.Channel, s.Subject, s.Text)));
        Assert.Equal(before.SmsQuietHours, after.SmsQuietHours);
        Assert.Equal(before.Spread, after.Spread);
        Assert.Equal(before.Holidays, after.Holidays);
        Assert.Equal(before.Reenroll, after.Reenroll);
        Assert.Equal(before.StopOn.Events, after.StopOn.Events);
    }

    [Fact]
    public async Task Json_InvalidField_Is400ListingTheFieldByNameAndStoresNothing()
    {
        var id = await SaveAsync(SequenceJson.Sequence("Json errors", true, SequenceJson.Email("first", "PT0S")));
        using var browser = Browser();
        var (_, page) = await browser.GetAsync($"/api/dashboard/sequences/{id}/json");
        var json = page.QuerySelector("textarea[name='json']")!.TextContent.Replace("\"PT0S\"", "\"soon\"", StringComparison.Ordinal);

        var (status, answer, _) = await browser.SubmitAsync(page, "button[value='save']", document => DashboardBrowser.Set(document, "json", json));

        Assert.Equal(400, status);
        Assert.Contains("steps[0].after", answer.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("soon", answer.QuerySelector("textarea[name='json']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, (await LatestAsync(id))!.Version);
    }

    [Fact]
    public async Task Save_WithoutTheFormToken_IsRefusedAndStoresNothing()
    {
        var id = await SaveAsync(SequenceJson.Sequence("Token", true, SequenceJson.Email("first", "PT0S")));
        using var browser = Browser();
        var (_, page) = await browser.GetAsync($"/api/dashboard/sequences/{id}/edit");
        var form = page.QuerySelector<IHtmlFormElement>("form.editor")!;
        var fields = DashboardBrowser.Fields(form, page.QuerySelector<IHtmlButtonElement>("button[value='save']")!)
            .Where(field => field.Key != Engine.Dashboard.DashboardForms.Field)
            .Select(field => field.Key == "name" ? new KeyValuePair<string, string>("name", "Forged") : field);

        var (status, _) = await browser.PostAsync($"/api/dashboard/sequences/{id}/edit", fields);

        Assert.Equal(400, status);
        Assert.Equal("Token", (await LatestAsync(id))!.Name);
    }

    [Fact]
    public async Task Save_MoveEnrollmentsChosen_MovesThePeopleInItToTheNewVersion()
    {
        var id = await SaveAsync(SequenceJson.Sequence("Movers", true, SequenceJson.Email("later", "P1D")));
        var enrolled = await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId = id, contact = new { email = TestData.Email() } });
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        using var browser = Browser();
        var (_, page) = await browser.GetAsync($"/api/dashboard/sequences/{id}/edit");
        Assert.Contains("1 person now", page.QuerySelector("fieldset.people legend")!.TextContent, StringComparison.Ordinal);

        var (status, _, location) = await browser.SubmitAsync(page, "button[value='save']", form =>
        {
            DashboardBrowser.Set(form, "steps[0].subject", "A better hello");
            form.QuerySelector<IHtmlInputElement>("#move-yes")!.IsChecked = true;
            form.QuerySelector<IHtmlInputElement>("#move-no")!.IsChecked = false;
        });

        Assert.Equal(303, status);
        var (_, shown) = await browser.GetAsync(location!);
        Assert.Contains("Saved version 2. 1 person already in the sequence moved to it.", shown.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_UnknownSequence_Is404()
    {
        using var browser = Browser();
        var (status, page) = await browser.GetAsync("/api/dashboard/sequences/no-such-sequence/edit");

        Assert.Equal(404, status);
        Assert.Contains("There is no sequence", page.Body!.TextContent, StringComparison.Ordinal);
    }
}
