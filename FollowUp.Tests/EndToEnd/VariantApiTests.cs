using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

/// <summary>A/B variants through FollowUp.Local: saved and validated with the sequence, sent as the chosen variant, named on the enrollment and its timeline, and previewed.</summary>
public sealed class VariantApiTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    /// <summary>The variants of the first step, as the engine holds them, to compute which one an enrollment gets.</summary>
    private static readonly SequenceStep FirstStep = new("first", TimeSpan.FromSeconds(1), StepChannel.Email, "Hello {{ contact.firstName }}", "Hi", null)
    {
        Variants = [new StepVariant("a", 1, "Variant A for {{ contact.firstName }}", null, null), new StepVariant("b", 1, "Variant B for {{ contact.firstName }}", "Text B", null)],
    };

    private static object Body(object? secondVariant = null) => new
    {
        name = "A/B",
        steps = new object[]
        {
            new
            {
                id = "first",
                after = "PT1S",
                channel = "email",
                subject = "Hello {{ contact.firstName }}",
                text = "Hi",
                variants = new[] { new { id = "a", subject = "Variant A for {{ contact.firstName }}" }, secondVariant ?? new { id = "b", subject = "Variant B for {{ contact.firstName }}", text = "Text B" } },
            },
            SequenceJson.Email("later", "P3D"),
        },
        stopOn = new { reply = true },
    };

    private async Task<string> SequenceAsync()
    {
        var id = TestData.Id("ab");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", Body())).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Put_StepWithVariants_GetReturnsThemAndTheSameBodyKeepsTheVersion()
    {
        var id = TestData.Id("ab");
        var first = await JsonAsync(await local.Http.PutAsJsonAsync($"/api/sequences/{id}", Body()));
        var second = await JsonAsync(await local.Http.PutAsJsonAsync($"/api/sequences/{id}", Body()));

        Assert.Equal((1, 1), (first.GetProperty("version").GetInt32(), second.GetProperty("version").GetInt32()));
        var got = await JsonAsync(await local.Http.GetAsync($"/api/sequences/{id}"));
        var variants = got.GetProperty("steps")[0].GetProperty("variants");
        Assert.Equal([("a", 1), ("b", 1)], variants.EnumerateArray().Select(v => (v.GetProperty("id").GetString(), v.GetProperty("weight").GetInt32())));
        Assert.Equal("Text B", variants[1].GetProperty("text").GetString());
        Assert.False(got.GetProperty("steps")[1].TryGetProperty("variants", out _));
    }

    [Theory]
    [InlineData("""{"id":"a"}""", HttpStatusCode.BadRequest, "steps[0].variants[1].id")]
    [InlineData("""{"id":"b","weight":0}""", HttpStatusCode.BadRequest, "steps[0].variants[1].weight")]
    [InlineData("""{"id":"b","subject":"{{ contact.firstName "}""", HttpStatusCode.BadRequest, "steps[0].variants[1].subject")]
    [InlineData("""{"id":"b","html":"{{ 1 | divided_by: 0 }}"}""", HttpStatusCode.UnprocessableEntity, "steps[0].variants[1].html")]
    public async Task Put_BadVariant_ReturnsProblemNamingTheVariantFieldAndStoresNothing(string variant, HttpStatusCode status, string field)
    {
        var id = TestData.Id("ab-bad");

        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", Body(JsonElement.Parse(variant)));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([field], (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sequences/{id}")).StatusCode);
    }

    [Fact]
    public async Task Enroll_StepWithVariants_SendsTheChosenVariantAndTheViewAndTimelineNameIt()
    {
        var sequenceId = await SequenceAsync();
        var enrollments = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var response = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" } });
            enrollments.Add((await LocalAppFixture.ReadAsync<EnrollmentCreated>(response)).EnrollmentId);
        }

        foreach (var enrollmentId in enrollments)
        {
            var chosen = StepVariants.Choose(enrollmentId, FirstStep)!;
            await LocalAppFixture.EventuallyAsync(
                async () => (await ViewAsync(enrollmentId)).Steps[0].Status == StepStatus.Sent, TimeSpan.FromSeconds(30), "the first step is sent");

            var eml = await File.ReadAllTextAsync(Assert.Single(local.Outbox.Files($"{enrollmentId}_first.eml")));
            Assert.Contains($"Subject: Variant {chosen.ToUpperInvariant()} for Ann", eml, StringComparison.Ordinal);
            Assert.Equal(chosen == "b", eml.Contains("Text B", StringComparison.Ordinal));
            var view = await ViewAsync(enrollmentId);
            Assert.Equal([chosen, null], view.Steps.Select(s => s.Variant));
            var sent = Assert.Single(view.Timeline, e => e.Kind == TimelineEventKind.Sent);
            Assert.Equal(chosen, sent.Variant);
            Assert.Contains($"as variant {chosen}", sent.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Preview_StepWithVariants_RendersEveryVariantAndMarksTheOneTheEnrollmentGets()
    {
        var sequenceId = await SequenceAsync();
        const string enrollmentId = "c0ffee000001-abcdefghij";

        var response = await local.Http.PostAsJsonAsync($"/api/sequences/{sequenceId}/preview", new { contact = new { email = TestData.Email(), firstName = "Bo" }, enrollmentId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await LocalAppFixture.ReadAsync<PreviewAnswer>(response);
        var step = preview.Steps[0];
        var chosen = StepVariants.Choose(enrollmentId, FirstStep);
        Assert.Equal(chosen, step.Variant);
        Assert.Equal([("a", "Variant A for Bo"), ("b", "Variant B for Bo")], step.Variants!.Select(v => (v.Id, v.Subject!)));
        Assert.Equal([chosen], step.Variants!.Where(v => v.Chosen).Select(v => v.Id));
        Assert.Equal($"Variant {chosen!.ToUpperInvariant()} for Bo", step.Subject);
        Assert.StartsWith("Text B", step.Variants![1].Text, StringComparison.Ordinal);
        Assert.Null(preview.Steps[1].Variants);
    }

    [Fact]
    public async Task Put_MoveEnrollmentsToVersionWithNewVariants_PendingStepTakesTheNewVersionsVariant()
    {
        var sequenceId = TestData.Id("ab-move");
        object Version(params string[] ids) => new
        {
            name = "Move",
            steps = new object[]
            {
                SequenceJson.Email("first", "PT0S"),
                new { id = "later", after = "P3D", channel = "email", text = "Hi", variants = ids.Select(v => new { id = v, subject = $"Subject {v}" }) },
            },
        };
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", Version("a", "b"))).EnsureSuccessStatusCode();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email() } }));
        await LocalAppFixture.EventuallyAsync(
            async () => (await ViewAsync(created.EnrollmentId)).Steps[0].Status == StepStatus.Sent, TimeSpan.FromSeconds(30), "the first step is sent");
        Assert.Contains((await ViewAsync(created.EnrollmentId)).Steps[1].Variant, new[] { "a", "b" });

        var moved = await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}?moveEnrollments=true", Version("x", "y", "z"));

        Assert.Equal(1, (await JsonAsync(moved)).GetProperty("moved").GetInt32());
        var view = await ViewAsync(created.EnrollmentId);
        var later = new SequenceStep("later", TimeSpan.FromDays(3), StepChannel.Email, null, "Hi", null)
        {
            Variants = [new StepVariant("x", 1, "Subject x", null, null), new StepVariant("y", 1, "Subject y", null, null), new StepVariant("z", 1, "Subject z", null, null)],
        };
        Assert.Equal((2, StepVariants.Choose(created.EnrollmentId, later)), (view.SequenceVersion, view.Steps[1].Variant));
    }

    [Fact]
    public async Task Preview_BadEnrollmentId_Returns400NamingIt()
    {
        var sequenceId = await SequenceAsync();

        var response = await local.Http.PostAsJsonAsync($"/api/sequences/{sequenceId}/preview", new { contact = new { email = TestData.Email() }, enrollmentId = "no dash" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["enrollmentId"], (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    private async Task<EnrollmentView> ViewAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));
}
