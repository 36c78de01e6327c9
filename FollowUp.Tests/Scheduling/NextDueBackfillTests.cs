using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Scheduling;

/// <summary>Steps scheduled before the NextDue table existed get a row there from their DueIndex rows, so the sweep sees them.</summary>
public sealed class NextDueBackfillTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly TimeSpan PastThreshold = TimeSpan.FromMinutes(16);
    private EngineHarness harness = null!;

    public async Task InitializeAsync()
    {
        harness = await EngineHarness.CreateAsync(azurite);
        await harness.Storage.Table(StorageNames.NextDueTable).DeleteAsync();
        await harness.Storage.Table(StorageNames.DueIndexTable).DeleteAsync();
        await harness.Storage.EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Sweep_StepScheduledBeforeTheNextDueTable_IsBackfilledThenSeenByTheSweep()
    {
        var entry = await EnrollWithoutNextDueRowAsync();
        harness.Clock.Advance(TimeSpan.FromHours(1) + PastThreshold);

        var first = await harness.Get<StepSweeper>().SweepAsync(CancellationToken.None);
        var second = await harness.Get<StepSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal((1, 1), (first.Backfilled, first.Candidates));
        Assert.Equal((0, 1), (second.Backfilled, second.Candidates));
        var row = Assert.Single(await OverdueRowsAsync());
        Assert.Equal((entry.EnrollmentId, entry.StepId, entry.DueUtc), (row.EnrollmentId, row.StepId, row.DueUtc));
        Assert.Equal(new NextDueBackfillMarker(null, true, 1), await harness.Get<NextDueIndex>().GetBackfillMarkerAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Run_StepThatHasARowAlready_KeepsItsSweepCount()
    {
        var entry = await EnrollWithoutNextDueRowAsync();
        await harness.Get<NextDueIndex>().AddAsync(NextDueEntry.For(entry) with { Reschedules = 2 }, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromHours(1) + PastThreshold);

        var added = await harness.Get<NextDueBackfill>().RunAsync(CancellationToken.None);

        Assert.Equal(0, added);
        Assert.Equal(2, Assert.Single(await OverdueRowsAsync()).Reschedules);
    }

    [Fact]
    public async Task Run_MarkerSaysDone_AddsNothing()
    {
        await EnrollWithoutNextDueRowAsync();
        await harness.Get<NextDueIndex>().SetBackfillMarkerAsync(new NextDueBackfillMarker(null, true, 0), CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromHours(1) + PastThreshold);

        var added = await harness.Get<NextDueBackfill>().RunAsync(CancellationToken.None);

        Assert.Equal(0, added);
        Assert.Empty(await OverdueRowsAsync());
    }

    /// <summary>Enrolls a contact whose first step is due in an hour and removes its NextDue row, as a step scheduled before the table existed.</summary>
    private async Task<DueEntry> EnrollWithoutNextDueRowAsync()
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("backfill"), 0, "Test", [new SequenceStep("first", TimeSpan.FromHours(1), StepChannel.Email, "Hi", "Hello", null)], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        var enrollment = (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
        var entry = DueEntry.For(enrollment, enrollment.Steps[0]);
        Assert.True(await harness.Get<DueIndex>().ContainsAsync(entry, CancellationToken.None));
        await harness.Get<NextDueIndex>().RemoveAsync(NextDueEntry.For(entry), CancellationToken.None);
        return entry;
    }

    private async Task<List<NextDueEntry>> OverdueRowsAsync()
    {
        var rows = new List<NextDueEntry>();
        await foreach (var page in harness.Get<NextDueIndex>().ReadBeforeAsync(harness.Clock.GetUtcNow(), CancellationToken.None))
        {
            rows.AddRange(page);
        }

        return rows;
    }
}
