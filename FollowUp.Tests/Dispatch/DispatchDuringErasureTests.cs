using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dispatch;

public sealed class DispatchDuringErasureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    private CountingEmailChannel Email => harness.Get<CountingEmailChannel>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, CountingEmailChannel.Register);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    /// <summary>Enrolls a new contact into a sequence whose first step is due at once.</summary>
    private async Task<Enrollment> EnrollAsync()
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", [new SequenceStep("first", TimeSpan.Zero, StepChannel.Email, "Hi", "Hello", null)], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}")), CancellationToken.None)).Enrollment;
        return (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
    }

    private Task DispatchAsync(Enrollment enrollment) =>
        harness.Get<StepDispatcher>().DispatchAsync(new StepMessage(enrollment.Id, "first", enrollment.SequenceVersion).ToJson(), 1, CancellationToken.None);

    private async Task<int> RowsAsync(string table, string partition) =>
        await harness.Storage.Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")).CountAsync();

    [Fact]
    public async Task Dispatch_DueStepOfContactBeingErased_IsDroppedWithoutClaimOrSend()
    {
        var enrollment = await EnrollAsync();
        await harness.Get<ContactStore>().MarkErasedAsync(enrollment.ContactId, [], CancellationToken.None);

        await DispatchAsync(enrollment);

        Assert.Equal(0, Email.Sends);
        Assert.Empty(harness.Outbox.Files());
        Assert.Equal(0, await RowsAsync(StorageNames.SendsTable, enrollment.Id));
        Assert.Equal(StepStatus.Pending, (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!.Steps[0].Status);
    }

    [Fact]
    public async Task Dispatch_ContactErasedWhileSending_RecordsNothingAndKeepsNoOutboxFile()
    {
        var enrollment = await EnrollAsync();
        Email.BeforeSending = () => harness.Get<ContactEraser>().EraseAsync(enrollment.ContactId, [], CancellationToken.None);

        await DispatchAsync(enrollment);

        Assert.Equal(1, Email.Sends);
        Assert.Empty(harness.Outbox.Files());
        Assert.Equal(0, await RowsAsync(StorageNames.SendsTable, enrollment.Id));
        Assert.Empty(await harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None));
        Assert.Equal(0, await RowsAsync(StorageNames.ContactSendsTable, enrollment.ContactId));
        Assert.Equal(0, await RowsAsync(StorageNames.EnrollmentsTable, enrollment.ContactId));
        Assert.Null(await harness.Get<ContactStore>().GetAsync(enrollment.ContactId, CancellationToken.None));
    }
}
