using System.Text.Json;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Events;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Reports;

public sealed class StepFiguresTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    private StepDispatcher Dispatcher => harness.Get<StepDispatcher>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, CountingEmailChannel.Register);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private async Task<Enrollment> EnrollAsync(string email)
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", [Step("first", TimeSpan.Zero), Step("second", TimeSpan.FromDays(3))], new StopRules(true, ["order_placed"]), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(email, null, "Ann", null, null), JsonElement.Parse("{}")), CancellationToken.None)).Enrollment;
        return (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
    }

    private static SequenceStep Step(string id, TimeSpan after) => new(id, after, StepChannel.Email, "Hi", "Text", null);

    private static string Message(Enrollment enrollment, int step = 0) => new StepMessage(enrollment.Id, enrollment.Steps[step].Id, enrollment.SequenceVersion).ToJson();

    private async Task<SequenceReport> ReportAsync(Enrollment enrollment)
    {
        var sequence = await harness.Get<SequenceStore>().GetAsync(enrollment.SequenceId, enrollment.SequenceVersion, CancellationToken.None);
        var (counts, _) = await harness.Get<FigureStore>().ReadAsync(enrollment.SequenceId, enrollment.SequenceVersion, null, null, CancellationToken.None);
        return ReportEndpoints.Build(sequence, counts, "UTC", null, null);
    }

    [Fact]
    public async Task Dispatch_RedeliveredMessage_CountsTheSendOnce()
    {
        var enrollment = await EnrollAsync(TestData.Email());

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);
        await Dispatcher.DispatchAsync(Message(enrollment), 2, CancellationToken.None);

        var report = await ReportAsync(enrollment);
        Assert.Equal(1, report.Steps[0].Counts[ReportMetric.Sent]);
        Assert.Equal(0, report.Steps[1].Counts[ReportMetric.Sent]);
        Assert.Equal(1, report.Enrollments[ReportMetric.Enrolled]);
        Assert.Equal(1, report.Enrollments["active"]);
    }

    [Fact]
    public async Task Dispatch_CrashBetweenTheSendAndTheCount_CountsOnceWhenRedelivered()
    {
        var enrollment = await EnrollAsync(TestData.Email());
        var figures = harness.Storage.Table(StorageNames.FiguresTable);
        await figures.DeleteAsync();

        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None));
        Assert.Equal(StepStatus.Sent, (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!.Steps[0].Status);
        await figures.CreateIfNotExistsAsync();
        await Dispatcher.DispatchAsync(Message(enrollment), 2, CancellationToken.None);
        await Dispatcher.DispatchAsync(Message(enrollment), 3, CancellationToken.None);

        Assert.Equal(1, harness.Get<CountingEmailChannel>().Sends);
        var report = await ReportAsync(enrollment);
        Assert.Equal(1, report.Steps[0].Counts[ReportMetric.Sent]);
        Assert.Equal(1, report.Enrollments[ReportMetric.Enrolled]);
    }

    [Fact]
    public async Task Reply_RepeatedWebhook_CountsOnceOnTheLastStepSentWithItsDelay()
    {
        var enrollment = await EnrollAsync(TestData.Email());
        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromHours(2));

        await harness.Get<ReplyService>().HaltOnReplyAsync(enrollment.ContactId, CancellationToken.None);
        await harness.Get<ReplyService>().HaltOnReplyAsync(enrollment.ContactId, CancellationToken.None);

        var report = await ReportAsync(enrollment);
        var first = report.Steps[0];
        Assert.Equal(1, first.Counts[ReportMetric.Replied]);
        Assert.Equal(1.0, first.Rates["reply"]);
        Assert.InRange(first.ResponseTimes[ReportMetric.Replied].MedianSeconds!.Value, 3600, 3 * 3600);
        Assert.Equal(0, report.Steps[1].Counts[ReportMetric.Replied]);
        Assert.Equal(1, report.Enrollments[ReportMetric.Halted]);
        Assert.Equal(0, report.Enrollments["active"]);
    }

    [Fact]
    public async Task Event_RaisedTwice_CountsOneConversionOnTheLastStepSent()
    {
        var email = TestData.Email();
        var enrollment = await EnrollAsync(email);
        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        await harness.Get<EventService>().RaiseAsync("order_placed", email, null, CancellationToken.None);
        await harness.Get<EventService>().RaiseAsync("order_placed", email, null, CancellationToken.None);

        var report = await ReportAsync(enrollment);
        Assert.Equal(1, report.Steps[0].Counts[ReportMetric.Converted]);
        Assert.Equal(1, report.Enrollments[ReportMetric.Halted]);
    }

    [Fact]
    public async Task Erase_ContactWithCountedFacts_LeavesNoFactNamingItsEnrollment()
    {
        var email = TestData.Email();
        var enrollment = await EnrollAsync(email);
        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        await harness.Get<ContactEraser>().EraseAsync(enrollment.ContactId, ContactStore.IndexKeys(email, null), CancellationToken.None);

        var rows = await harness.Storage.Table(StorageNames.FiguresTable).QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync();
        Assert.DoesNotContain(rows, r => r.RowKey.Contains(enrollment.ContactId, StringComparison.Ordinal));
        Assert.Equal(1, (await ReportAsync(enrollment)).Steps[0].Counts[ReportMetric.Sent]);
    }
}
