using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Timeline;

/// <summary>Where <see cref="TimelineStore"/> keeps an enrollment's events (beside it, in its contact's partition), that events written before that layout still read, and that events written together keep their order, on Azurite.</summary>
public sealed class TimelineStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private EngineHarness harness = null!;

    private TimelineStore Timeline => harness.Get<TimelineStore>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task EnrollThenHalt_EachEvent_IsInTheContactsPartitionBesideTheEnrollment()
    {
        var enrollment = await EnrollAsync();
        harness.Clock.Advance(TimeSpan.FromMinutes(1));

        await harness.Get<EnrollmentHalter>().HaltAsync(enrollment.Id, "test", None);

        var rows = await harness.Storage.Table(StorageNames.EnrollmentsTable).QueryAsync<TableEntity>(TimelineStore.Filter(enrollment.ContactId, enrollment.Id)).ToListAsync();
        Assert.Equal(["Enrolled", "Halted"], rows.Select(r => r.GetString("Kind")));
        Assert.Equal([TimelineEventKind.Enrolled, TimelineEventKind.Halted], (await Timeline.ListAsync(enrollment.Id, None)).Select(e => e.Kind));
        Assert.Single(await harness.Get<EnrollmentStore>().ListAsync(enrollment.ContactId, None));
    }

    [Fact]
    public async Task ListAsync_EventsWrittenBeforeTheLayout_AreReadInTimeOrderWithTheNewOnes()
    {
        var enrollment = await EnrollAsync();
        var enrolledUtc = enrollment.EnrolledUtc;
        await harness.Storage.Table(StorageNames.TimelineTable).AddEntityAsync(new TableEntity(enrollment.Id, $"{enrolledUtc.AddSeconds(1).UtcTicks:D19}_abcdef")
        {
            ["AtUtc"] = enrolledUtc.AddSeconds(1),
            ["Kind"] = "Sent",
            ["StepId"] = "hello",
            ["Detail"] = "By email.",
        });
        await Timeline.AddAsync(enrollment.Id, new TimelineEvent(enrolledUtc.AddSeconds(2), TimelineEventKind.Replied, null, "A reply."), None);

        var events = await Timeline.ListAsync(enrollment.Id, None);

        Assert.Equal([TimelineEventKind.Enrolled, TimelineEventKind.Sent, TimelineEventKind.Replied], events.Select(e => e.Kind));
        Assert.Equal("hello", events[1].StepId);
    }

    [Fact]
    public async Task EraseAsync_ContactWithEvents_RemovesThemAndCountsThemAsTimeline()
    {
        var enrollment = await EnrollAsync();
        await Timeline.AddAsync(enrollment.Id, new TimelineEvent(enrollment.EnrolledUtc.AddSeconds(1), TimelineEventKind.Replied, null, "A reply."), None);

        var removed = await harness.Get<ContactEraser>().EraseAsync(enrollment.ContactId, [], None);

        Assert.Equal(2, removed[StorageNames.TimelineTable]);
        Assert.Equal(2, removed[StorageNames.EnrollmentsTable]); // the enrollment and its marker
        Assert.Empty(await Timeline.ListAsync(enrollment.Id, None));
    }

    private async Task<Enrollment> EnrollAsync()
    {
        var step = new SequenceStep("hello", TimeSpan.FromDays(1), StepChannel.Email, "Hi", "Hello", null);
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", [step], new StopRules(true), harness.Clock.GetUtcNow(), ReenrollPolicy.AfterCompletion), None);
        var request = new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}"));
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(request, None)).Enrollment;
        return (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, None))!;
    }

    [Fact]
    public async Task AddAsync_EventsOfOneInstantWrittenTogether_AreListedInTheOrderGiven()
    {
        var enrollmentId = EnrollmentId.Create(RandomIds.Create(12));
        var at = harness.Clock.GetUtcNow();
        TimelineEventKind[] kinds = [TimelineEventKind.Moved, TimelineEventKind.Skipped, TimelineEventKind.Sent, TimelineEventKind.Failed, TimelineEventKind.Completed, TimelineEventKind.Chained];

        await Timeline.AddAsync(enrollmentId, [.. kinds.Select(kind => new TimelineEvent(at, kind, null, kind.ToString()))], None);

        var listed = await Timeline.ListAsync(enrollmentId, None);
        Assert.Equal(kinds, listed.Select(e => e.Kind));
        Assert.All(listed, e => Assert.Equal(at, e.AtUtc));
    }

    [Fact]
    public async Task AddAsync_EventsWrittenTogether_SortAmongOthersByTime()
    {
        var enrollmentId = EnrollmentId.Create(RandomIds.Create(12));
        var at = harness.Clock.GetUtcNow();
        await Timeline.AddAsync(enrollmentId, new TimelineEvent(at.AddSeconds(1), TimelineEventKind.Chained, null, "later"), None);
        await Timeline.AddAsync(enrollmentId, new TimelineEvent(at.AddSeconds(-1), TimelineEventKind.Enrolled, null, "earlier"), None);

        await Timeline.AddAsync(enrollmentId, [new TimelineEvent(at, TimelineEventKind.Sent, "only", null), new TimelineEvent(at, TimelineEventKind.Completed, null, null)], None);

        var listed = await Timeline.ListAsync(enrollmentId, None);
        Assert.Equal([TimelineEventKind.Enrolled, TimelineEventKind.Sent, TimelineEventKind.Completed, TimelineEventKind.Chained], listed.Select(e => e.Kind));
    }
}
