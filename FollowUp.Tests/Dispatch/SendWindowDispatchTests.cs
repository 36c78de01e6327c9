using System.Text.Json;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace FollowUp.Tests.Dispatch;

/// <summary>The dispatcher keeps to send windows, SMS quiet hours and holidays, with a fake clock.</summary>
public sealed class SendWindowDispatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    /// <summary>Saturday 2027-01-09 14:00 UTC: 08:00 in Chicago. (The fake clock starts at the real now and cannot go back.)</summary>
    private static readonly DateTimeOffset SaturdayMorning = new(2027, 1, 9, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Monday 2027-01-11 09:00 in Chicago.</summary>
    private static readonly DateTimeOffset MondayOpening = new(2027, 1, 11, 15, 0, 0, TimeSpan.Zero);

    private static readonly SendWindow BusinessHours = new([IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday], new LocalTime(9, 0), new LocalTime(17, 0));

    private EngineHarness harness = null!;

    private CountingEmailChannel Email => harness.Get<CountingEmailChannel>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(
        azurite,
        services => services
            .AddSingleton<OutboxEmailChannel>()
            .AddSingleton<CountingEmailChannel>()
            .AddSingleton<IEmailChannel>(sp => sp.GetRequiredService<CountingEmailChannel>()),
        new Dictionary<string, string?> { ["FollowUp:Sms:QuietHours"] = "21:00-08:00" });

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private async Task<Enrollment> EnrollAsync(SendRules timing, string? contactTimeZone, params SequenceStep[] steps)
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("timed"), 0, "Timed", steps, new StopRules(true), harness.Clock.GetUtcNow(), Timing: timing), CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), TestData.Phone(), "Ann", null, contactTimeZone), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        return (await ReadAsync(created.EnrollmentId))!;
    }

    private async Task<Enrollment?> ReadAsync(string id) => await harness.Get<EnrollmentStore>().GetAsync(id, CancellationToken.None);

    private Task DispatchAsync(Enrollment enrollment, int step = 0) => harness.Get<StepDispatcher>().DispatchAsync(
        new StepMessage(enrollment.Id, enrollment.Steps[step].Id, enrollment.SequenceVersion).ToJson(), 1, CancellationToken.None);

    private static SequenceStep EmailStep(string id, TimeSpan after) => new(id, after, StepChannel.Email, "Hi", "Hello", null);

    private static SequenceStep SmsStep(string id, TimeSpan after) => new(id, after, StepChannel.Sms, null, "Hello", null);

    [Fact]
    public async Task Dispatch_StepDueOnSaturday_WaitsForMondaysOpeningInTheSequencesZone()
    {
        harness.Clock.SetUtcNow(SaturdayMorning);
        var enrollment = await EnrollAsync(SendRules.Default with { TimeZone = "America/Chicago", Window = BusinessHours }, null, EmailStep("thanks", TimeSpan.FromMinutes(10)));
        var planned = enrollment.Steps[0].SendUtc;
        Assert.InRange(planned, MondayOpening, MondayOpening.AddMinutes(15));

        await DispatchAsync(enrollment);
        Assert.Equal(0, Email.Sends);

        harness.Clock.SetUtcNow(planned);
        await DispatchAsync(enrollment);

        Assert.Equal(1, Email.Sends);
        var sent = (await ReadAsync(enrollment.Id))!.Steps[0];
        Assert.Equal(StepStatus.Sent, sent.Status);
        Assert.Equal(planned, sent.SentUtc);
    }

    [Fact]
    public async Task Dispatch_StepHeldUpUntilTheWindowClosed_MovesToTheNextOpeningWithTheStepsAfterIt()
    {
        var fridayBeforeClose = new DateTimeOffset(2027, 1, 8, 22, 59, 0, TimeSpan.Zero);
        harness.Clock.SetUtcNow(fridayBeforeClose);
        var enrollment = await EnrollAsync(
            SendRules.Default with { Window = BusinessHours },
            "America/Chicago",
            EmailStep("now", TimeSpan.Zero),
            EmailStep("later", TimeSpan.FromHours(1)));
        Assert.Equal(fridayBeforeClose, enrollment.Steps[0].SendUtc);

        harness.Clock.SetUtcNow(fridayBeforeClose.AddMinutes(10));
        await DispatchAsync(enrollment);

        Assert.Equal(0, Email.Sends);
        var moved = (await ReadAsync(enrollment.Id))!;
        Assert.InRange(moved.Steps[0].SendUtc, MondayOpening, MondayOpening.AddMinutes(15));
        Assert.True(moved.Steps[1].SendUtc >= moved.Steps[0].SendUtc);
        Assert.True(await harness.Get<DueIndex>().ContainsAsync(DueEntry.For(moved, moved.Steps[0]), CancellationToken.None));
        var timeline = await harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None);
        var delayed = Assert.Single(timeline, e => e.Kind == TimelineEventKind.DelayedByWindow);
        Assert.Contains("outside the window Mon–Fri 09:00–17:00 America/Chicago", delayed.Detail, StringComparison.Ordinal);

        harness.Clock.SetUtcNow(moved.Steps[0].SendUtc);
        await DispatchAsync(moved);
        Assert.Equal(1, Email.Sends);
    }

    [Fact]
    public async Task Dispatch_SentJustBeforeTheWindowClosedButNotRecorded_IsRecordedAtOnceNotMoved()
    {
        var fridayBeforeClose = new DateTimeOffset(2027, 1, 8, 22, 59, 0, TimeSpan.Zero);
        harness.Clock.SetUtcNow(fridayBeforeClose);
        var enrollment = await EnrollAsync(SendRules.Default with { Window = BusinessHours }, "America/Chicago", EmailStep("now", TimeSpan.Zero));
        // The worker sent and completed its claim, then died before recording the outcome on the enrollment.
        var claims = harness.Get<SendClaims>();
        var (_, claim) = await claims.TryAcquireAsync(new SendKey(enrollment.Id, "now"), fridayBeforeClose, TimeSpan.FromMinutes(2), CancellationToken.None);
        await claims.CompleteAsync(claim, ClaimStatus.Sent, fridayBeforeClose, "provider-1", null, CancellationToken.None);

        harness.Clock.SetUtcNow(fridayBeforeClose.AddMinutes(10));
        await DispatchAsync(enrollment);

        var stored = (await ReadAsync(enrollment.Id))!;
        Assert.Equal(StepStatus.Sent, stored.Steps[0].Status);
        Assert.Equal("provider-1", stored.Steps[0].ProviderMessageId);
        Assert.Equal(EnrollmentStatus.Completed, stored.Status);
        Assert.Equal(0, Email.Sends);
    }

    [Fact]
    public async Task Enroll_SmsDueInQuietHours_WaitsUntilMorningButAnEmailDoesNot()
    {
        var lateEvening = new DateTimeOffset(2027, 1, 5, 22, 30, 0, TimeSpan.Zero);
        harness.Clock.SetUtcNow(lateEvening);

        var enrollment = await EnrollAsync(SendRules.Default, "Europe/London", EmailStep("email", TimeSpan.Zero), SmsStep("text", TimeSpan.Zero));

        Assert.Equal(lateEvening, enrollment.Steps[0].SendUtc);
        var morning = new DateTimeOffset(2027, 1, 6, 8, 0, 0, TimeSpan.Zero);
        Assert.InRange(enrollment.Steps[1].SendUtc, morning, morning.AddMinutes(15));
    }

    [Fact]
    public async Task Enroll_ContactTimeZone_WinsOverTheSequences()
    {
        harness.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 8, 20, 0, 0, TimeSpan.Zero));

        // Friday 14:00 in Chicago, but Saturday 09:00 in Auckland: the contact's zone decides.
        var enrollment = await EnrollAsync(SendRules.Default with { TimeZone = "America/Chicago", Window = BusinessHours }, "Pacific/Auckland", EmailStep("thanks", TimeSpan.Zero));

        var mondayInAuckland = new DateTimeOffset(2027, 1, 10, 20, 0, 0, TimeSpan.Zero);
        Assert.InRange(enrollment.Steps[0].SendUtc, mondayInAuckland, mondayInAuckland.AddMinutes(15));
        Assert.Equal("Pacific/Auckland", enrollment.ContactTimeZone);
    }

    [Fact]
    public async Task Enroll_DueOnAHoliday_WaitsForTheNextDay()
    {
        harness.Clock.SetUtcNow(new DateTimeOffset(2027, 12, 24, 23, 30, 0, TimeSpan.Zero));

        var enrollment = await EnrollAsync(SendRules.Default with { Holidays = [new LocalDate(2027, 12, 25)] }, "Europe/London", EmailStep("greeting", TimeSpan.FromHours(1)));

        var boxingDay = new DateTimeOffset(2027, 12, 26, 0, 0, 0, TimeSpan.Zero);
        Assert.InRange(enrollment.Steps[0].SendUtc, boxingDay, boxingDay.AddMinutes(15));
    }
}
