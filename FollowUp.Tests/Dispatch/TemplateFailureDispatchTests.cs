using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dispatch;

public sealed class TemplateFailureDispatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    private CountingEmailChannel Email => harness.Get<CountingEmailChannel>();

    private StepDispatcher Dispatcher => harness.Get<StepDispatcher>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, CountingEmailChannel.Register);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    /// <summary>Enrolls a new contact with <paramref name="data"/> into a sequence whose first step's html divides by <c>data.parts</c>.</summary>
    private async Task<Enrollment> EnrollAsync(string data)
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test",
                [
                    new SequenceStep("split", TimeSpan.Zero, StepChannel.Email, "Your share", "Text", "<p>{% if data.parts %}{{ 100 | divided_by: data.parts }} each{% endif %}</p>"),
                    new SequenceStep("later", TimeSpan.FromDays(3), StepChannel.Email, "Later", "Text", null),
                ],
                new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse(data)),
            CancellationToken.None)).Enrollment;
        return (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
    }

    private static string Message(Enrollment enrollment) =>
        new StepMessage(enrollment.Id, enrollment.Steps[0].Id, enrollment.SequenceVersion).ToJson();

    [Fact]
    public async Task Dispatch_TemplateFailsForTheContactsData_FailsTheStepWithItsReasonAndGoesOn()
    {
        var enrollment = await EnrollAsync("""{"parts":0}""");

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        var stored = (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!;
        Assert.Equal(StepStatus.Failed, stored.Steps[0].Status);
        Assert.Contains("divides by zero", stored.Steps[0].Detail, StringComparison.Ordinal);
        Assert.Equal(0, Email.Sends);
        var failed = Assert.Single(await harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None), e => e.Kind == TimelineEventKind.Failed);
        Assert.Equal("split", failed.StepId);
        Assert.Equal("The html template failed for this contact: The template divides by zero.", failed.Detail);
        var next = new DueEntry(enrollment.Id, "later", enrollment.SequenceVersion, enrollment.Steps[1].DueUtc);
        Assert.True(await harness.Get<DueIndex>().ContainsAsync(next, CancellationToken.None));
    }

    [Fact]
    public async Task Dispatch_RedeliveredAfterATemplateFailure_DoesNotThrowOrRecordTwice()
    {
        var enrollment = await EnrollAsync("""{"parts":0}""");

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);
        await Dispatcher.DispatchAsync(Message(enrollment), 2, CancellationToken.None);

        Assert.Single(await harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None), e => e.Kind == TimelineEventKind.Failed);
        Assert.Equal(0, Email.Sends);
    }

    [Fact]
    public async Task Dispatch_SameTemplateWithWorkingData_Sends()
    {
        var enrollment = await EnrollAsync("""{"parts":4}""");

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        Assert.Equal(1, Email.Sends);
        Assert.Contains("25 each", await File.ReadAllTextAsync(Assert.Single(harness.Outbox.Files("*.eml"))), StringComparison.Ordinal);
    }
}
