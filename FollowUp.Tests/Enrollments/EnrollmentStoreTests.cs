using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Enrollments;

/// <summary>How <see cref="EnrollmentStore"/> keeps a contact's marker row of a sequence: one transaction with the enrollment that adds or ends it, on Azurite.</summary>
public sealed class EnrollmentStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string MarkerPrefix = "~active~";
    private static readonly CancellationToken None = CancellationToken.None;
    private EngineHarness harness = null!;

    private EnrollmentStore Store => harness.Get<EnrollmentStore>();

    private TableClient Table => harness.Storage.Table(StorageNames.EnrollmentsTable);

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task UpdateAsync_EndsTheEnrollment_RemovesItsMarkerAndKeepsTheRowsETag()
    {
        var (sequenceId, enrollment) = await EnrollAsync();

        var ended = await Store.UpdateAsync(enrollment, e => e.Halt("test", harness.Clock.GetUtcNow()), None);

        Assert.Equal(EnrollmentStatus.Halted, ended?.Enrollment.Status);
        Assert.Null(await MarkerAsync(enrollment.ContactId, sequenceId));
        Assert.Equal((await Table.GetEntityAsync<TableEntity>(enrollment.ContactId, enrollment.Id)).Value.ETag, ended?.Enrollment.ETag);
    }

    [Fact]
    public async Task UpdateAsync_EnrollmentWithoutMarker_EndsItAllTheSame()
    {
        var (sequenceId, enrollment) = await EnrollAsync();
        await Table.DeleteEntityAsync(enrollment.ContactId, MarkerPrefix + sequenceId);

        var ended = await Store.UpdateAsync(enrollment, e => e.Halt("test", harness.Clock.GetUtcNow()), None);

        Assert.True(ended?.Changed);
        Assert.Equal(EnrollmentStatus.Halted, (await Store.GetAsync(enrollment.Id, None))?.Status);
    }

    [Fact]
    public async Task UpdateAsync_LaterChangeToAnEndedEnrollment_KeepsTheNextEnrollmentsMarker()
    {
        var (sequenceId, first) = await EnrollAsync();
        await Store.UpdateAsync(first, e => e.Halt("test", harness.Clock.GetUtcNow()), None);
        var next = await EnrollAgainAsync(sequenceId, first.ContactId);

        var changed = await Store.UpdateAsync(first.Id, e => (e.ChainedUtc = harness.Clock.GetUtcNow()) is not null, None);

        Assert.True(changed?.Changed);
        Assert.Equal(next.Id, (await MarkerAsync(first.ContactId, sequenceId))?.GetString("EnrollmentId"));
        Assert.Equal(next.Id, await Store.CreateAsync(NewEnrollment(sequenceId, first.ContactId), None));
    }

    [Fact]
    public async Task CreateAsync_MarkerLeftNamingAnEndedEnrollment_ReplacesIt()
    {
        var (sequenceId, first) = await EnrollAsync();
        await Store.UpdateAsync(first, e => e.Halt("test", harness.Clock.GetUtcNow()), None);
        await Table.AddEntityAsync(new TableEntity(first.ContactId, MarkerPrefix + sequenceId) { ["EnrollmentId"] = first.Id });

        var next = await EnrollAgainAsync(sequenceId, first.ContactId);

        Assert.Equal(next.Id, (await MarkerAsync(first.ContactId, sequenceId))?.GetString("EnrollmentId"));
    }

    [Fact]
    public async Task CreateAsync_SameEnrollmentTwice_AnswersItsOwnId()
    {
        var (sequenceId, first) = await EnrollAsync();
        await Store.UpdateAsync(first, e => e.Halt("test", harness.Clock.GetUtcNow()), None);
        var again = NewEnrollment(sequenceId, first.ContactId);
        Assert.Null(await Store.CreateAsync(again, None));

        Assert.Equal(again.Id, await Store.CreateAsync(again, None));
    }

    [Fact]
    public async Task CreateAsync_ManyAtOnceForOneContact_StoresExactlyOne()
    {
        var (sequenceId, first) = await EnrollAsync();
        await Store.UpdateAsync(first, e => e.Halt("test", harness.Clock.GetUtcNow()), None);
        var candidates = Enumerable.Range(0, 8).Select(_ => NewEnrollment(sequenceId, first.ContactId)).ToList();

        var answers = await Task.WhenAll(candidates.Select(c => Store.CreateAsync(c, None)));

        var stored = Assert.Single(candidates.Where((_, i) => answers[i] is null));
        Assert.All(answers.Where(a => a is not null), a => Assert.Equal(stored.Id, a));
        Assert.Single(await Store.ListAsync(first.ContactId, None), e => e.Status == EnrollmentStatus.Active);
    }

    [Fact]
    public async Task UpdateAsync_EndsTheEnrollment_MovesItsListingRowAndARepeatedMoveKeepsIt()
    {
        var (sequenceId, enrollment) = await EnrollAsync();
        var byStatus = harness.Get<EnrollmentsByStatus>();
        Assert.Equal([enrollment.Id], await byStatus.ListActiveAsync(sequenceId, None));

        var ended = (await Store.UpdateAsync(enrollment, e => e.Halt("test", harness.Clock.GetUtcNow()), None))!.Value.Enrollment;
        await byStatus.MoveAsync(ended, None);

        Assert.Empty(await byStatus.ListActiveAsync(sequenceId, None));
        var (rows, _) = await byStatus.PageAsync(sequenceId, null, null, 10, None);
        Assert.Equal((EnrollmentStatus.Halted, enrollment.Id), Assert.Single(rows) is var row ? (row.Status, row.EnrollmentId) : default);
    }

    private async Task<(string SequenceId, Enrollment Enrollment)> EnrollAsync()
    {
        var step = new SequenceStep("hello", TimeSpan.FromDays(1), StepChannel.Email, "Hi", "Hello", null);
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", [step], new StopRules(true), harness.Clock.GetUtcNow(), ReenrollPolicy.AfterCompletion), None);
        var request = new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}"));
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(request, None)).Enrollment;
        return (sequence.Id, (await Store.GetAsync(created.EnrollmentId, None))!);
    }

    private async Task<Enrollment> EnrollAgainAsync(string sequenceId, string contactId)
    {
        var next = NewEnrollment(sequenceId, contactId);
        Assert.Null(await Store.CreateAsync(next, None));
        return next;
    }

    private Enrollment NewEnrollment(string sequenceId, string contactId) => new()
    {
        Id = EnrollmentId.Create(contactId),
        ContactId = contactId,
        SequenceId = sequenceId,
        SequenceVersion = 1,
        Status = EnrollmentStatus.Active,
        EnrolledUtc = harness.Clock.GetUtcNow(),
        Steps = [],
        Data = JsonElement.Parse("{}"),
    };

    private async Task<TableEntity?> MarkerAsync(string contactId, string sequenceId)
    {
        var marker = await Table.GetEntityIfExistsAsync<TableEntity>(contactId, MarkerPrefix + sequenceId);
        return marker.HasValue ? marker.Value : null;
    }
}
