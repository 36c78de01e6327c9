using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using NodaTime;

namespace FollowUp.Tests.EndToEnd;

/// <summary>Send windows through the API: stored with the sequence, explained on the enrollment, and previewed.</summary>
public sealed class TimingApiTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private static readonly string[] Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri"];

    private static object Timed(string[] days, string start, string end, params object[] steps) => new
    {
        name = "Timed",
        steps,
        timeZone = "America/Chicago",
        sendWindow = new { days, start, end },
        smsQuietHours = "22:00-07:00",
        holidays = new[] { "2027-12-25" },
        spread = "PT10M",
    };

    [Fact]
    public async Task Put_TimingFields_AreStoredAndReturned()
    {
        var id = TestData.Id("timed");
        var put = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", Timed(Weekdays, "09:00", "17:00", SequenceJson.Email("thanks", "PT1H")));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var got = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sequences/{id}"));
        var root = got.RootElement;
        Assert.Equal("America/Chicago", root.GetProperty("timeZone").GetString());
        Assert.Equal(Weekdays, root.GetProperty("sendWindow").GetProperty("days").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("09:00", root.GetProperty("sendWindow").GetProperty("start").GetString());
        Assert.Equal("22:00-07:00", root.GetProperty("smsQuietHours").GetString());
        Assert.Equal("2027-12-25", root.GetProperty("holidays")[0].GetString());
        Assert.Equal("PT10M", root.GetProperty("spread").GetString());
    }

    [Fact]
    public async Task Put_InvalidTimingFields_Returns400NamingEachAndStoresNothing()
    {
        var id = TestData.Id("badtiming");
        var body = new
        {
            name = "Bad",
            steps = new[] { SequenceJson.Email("a", "PT1H") },
            timeZone = "Mars/Olympus",
            sendWindow = new { days = new[] { "Mon", "Funday" }, start = "9am", end = "17:00" },
            smsQuietHours = "late",
            holidays = new[] { "25/12/2027" },
            spread = "a while",
        };

        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["holidays[0]", "sendWindow.days[1]", "sendWindow.start", "smsQuietHours", "spread", "timeZone"], fields);
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sequences/{id}")).StatusCode);
    }

    [Fact]
    public async Task Enroll_OutsideTheWindow_TheEnrollmentSaysWhenItsNextStepGoesAndWhy()
    {
        // A window on every day but today (in Chicago), so the step due now must wait for tomorrow.
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["America/Chicago"]).DayOfWeek;
        var days = new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }.Where((_, i) => i + 1 != (int)today).ToArray();
        var sequenceId = TestData.Id("closed-today");
        await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", Timed(days, "00:00", "23:59", SequenceJson.Email("thanks", "PT0S")));

        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync(
            "/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" } }));

        Assert.True(created.NextSendUtc > DateTimeOffset.UtcNow.AddMinutes(1));
        var view = await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{created.EnrollmentId}"));
        Assert.NotNull(view.NextSend);
        Assert.Equal(created.NextSendUtc, view.NextSend.SendUtc);
        Assert.Equal("America/Chicago", view.NextSend.TimeZone);
        Assert.Equal("sequence", view.NextSend.TimeZoneFrom);
        Assert.Contains("outside the window", view.NextSend.Explanation, StringComparison.Ordinal);
        Assert.Contains("send ", view.NextSend.Explanation, StringComparison.Ordinal);
        Assert.Equal(view.NextSend.SendUtc, view.Steps[0].SendUtc);
        Assert.NotEqual(StepStatus.Sent, view.Steps[0].Status);
    }

    [Fact]
    public async Task Preview_RendersAndPlansEveryStep_AndStoresNothing()
    {
        var sequenceId = TestData.Id("preview");
        await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", Timed(
            Weekdays, "09:00", "17:00",
            SequenceJson.Email("thanks", "PT10M", subject: "Thanks {{ contact.firstName }}", text: "Your {{ data.product }}"),
            SequenceJson.Sms("nudge", "P3D", "Still thinking about the {{ data.product }}?")));
        var email = TestData.Email();

        var response = await local.Http.PostAsJsonAsync($"/api/sequences/{sequenceId}/preview", new
        {
            contact = new { email, phone = TestData.Phone(), firstName = "Ann" },
            data = new { product = "kettle" },
            enrolledAt = "2027-01-09T14:00:00Z",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await LocalAppFixture.ReadAsync<PreviewAnswer>(response);
        Assert.Equal("America/Chicago", preview.TimeZone);
        var thanks = preview.Steps[0];
        Assert.Equal("Thanks Ann", thanks.Subject);
        Assert.StartsWith("Your kettle", thanks.Text, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2027, 1, 9, 14, 10, 0, TimeSpan.Zero), thanks.Schedule.DueUtc);
        Assert.InRange(thanks.Schedule.SendUtc, new DateTimeOffset(2027, 1, 11, 15, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 11, 15, 10, 0, TimeSpan.Zero));
        Assert.Contains("outside the window Mon–Fri 09:00–17:00 America/Chicago", thanks.Schedule.Explanation, StringComparison.Ordinal);
        var nudge = preview.Steps[1];
        Assert.Equal("Still thinking about the kettle?", nudge.Text);
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 14, 10, 0, TimeSpan.Zero), nudge.Schedule.DueUtc);
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/contacts/{email}")).StatusCode);
    }

    [Fact]
    public async Task Preview_EnrolledAtFarAway_Returns400NamingIt()
    {
        var sequenceId = TestData.Id("preview-far");
        await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("P", true, SequenceJson.Email("a", "P300D")));

        var response = await local.Http.PostAsJsonAsync($"/api/sequences/{sequenceId}/preview", new { contact = new { email = TestData.Email() }, enrolledAt = "9999-12-01T00:00:00Z" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("enrolledAt", out _));
    }

    [Fact]
    public async Task Preview_WithoutContact_Returns400NamingIt()
    {
        var sequenceId = TestData.Id("preview-bad");
        await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("P", true, SequenceJson.Email("a", "PT1H")));

        var response = await local.Http.PostAsJsonAsync($"/api/sequences/{sequenceId}/preview", new { data = new { } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("contact", out _));
    }
}
