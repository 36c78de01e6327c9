using System.Net.Http.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Local.Triggers;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.EndToEnd;

public sealed class EconomyProfileTests
{
    /// <remarks>The economy profile's scan and polling intervals are shortened to seconds, keeping its shape: a look-ahead just over the
    /// scan interval, and a queue polled with a back-off longer than both, so the step is enqueued by a scan and sent at a backed-off poll.</remarks>
    [Fact]
    public async Task Enroll_EconomyProfileWithShortIntervals_StepIsSentThroughTheScanAndTheBackedOffQueue()
    {
        await using var app = await ConfiguredLocalApp.StartAsync(settings =>
        {
            settings[SchedulingProfileSettings.Setting] = "Economy";
            settings[ScanLoop.ScheduleSetting] = "*/2 * * * * *";
            settings[SchedulingProfileSettings.LookAheadSetting] = "00:00:03";
            settings[SchedulingProfileSettings.MaxPollingIntervalSetting] = "00:00:04";
        });
        Assert.Equal("30 */10 * * * *", app.Services.GetRequiredService<IConfiguration>()[NotificationLoop.ScheduleSetting]);
        var sequenceId = TestData.Id("economy");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Economy", true, SequenceJson.Email("later", "PT8S")))).EnsureSuccessStatusCode();

        var response = await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" } });
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(response);

        Assert.Equal(StepStatus.Pending, (await ViewAsync(app, created.EnrollmentId)).Steps[0].Status);
        await LocalAppFixture.EventuallyAsync(
            async () => (await ViewAsync(app, created.EnrollmentId)).Status == EnrollmentStatus.Completed, TimeSpan.FromSeconds(60), "the step is sent");
        var step = (await ViewAsync(app, created.EnrollmentId)).Steps[0];
        Assert.Equal(StepStatus.Sent, step.Status);
        Assert.True(step.SentUtc >= step.DueUtc, "sent before it was due");
        Assert.Single(Directory.GetFiles(app.Outbox.Path, "*.eml"));
    }

    private static async Task<EnrollmentView> ViewAsync(ConfiguredLocalApp app, string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{enrollmentId}"));
}
