using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;

namespace FollowUp.Tests.Enrollments;

public sealed class EnrollmentMoveTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private static SequenceStep Step(string id, TimeSpan after) => new(id, after, StepChannel.Email, "s", "t", null);

    private static readonly Contact Contact = new("c", "a@example.com", null, null, null, null);

    private static Sequence Version(int version, params SequenceStep[] steps) => new("welcome", version, "Welcome", steps, new StopRules(true), Start);

    private static readonly Sequence V1 = Version(1, Step("a", TimeSpan.FromHours(1)), Step("b", TimeSpan.FromDays(1)), Step("c", TimeSpan.FromDays(2)));

    /// <summary>An enrollment of v1 whose first step was sent a little late.</summary>
    private static Enrollment FirstSent()
    {
        var enrollment = Enrollment.Start("c-e", Contact, V1, JsonElement.Parse("{}"), Start, Schedules.Anytime("c-e"));
        enrollment.RecordOutcome(0, StepStatus.Sent, Start.AddHours(1).AddMinutes(1), "m1", null);
        return enrollment;
    }

    [Fact]
    public void MoveTo_FinishedStepKept_KeepsItsRecordAndVersionChanges()
    {
        var enrollment = FirstSent();

        Assert.True(enrollment.MoveTo(Version(2, Step("a", TimeSpan.FromHours(5)), Step("b", TimeSpan.FromDays(1))), Schedules.Anytime("c-e"), Start.AddHours(2)));

        var a = enrollment.Steps[0];
        Assert.Equal(("a", StepStatus.Sent, "m1"), (a.Id, a.Status, a.ProviderMessageId));
        Assert.Equal(Start.AddHours(1), a.DueUtc);
        Assert.Equal(2, enrollment.SequenceVersion);
        Assert.Equal("b", enrollment.NextStep?.Id);
    }

    [Fact]
    public void MoveTo_StepRemoved_LeavesTheStepList()
    {
        var enrollment = FirstSent();

        enrollment.MoveTo(Version(2, Step("a", TimeSpan.FromHours(1)), Step("c", TimeSpan.FromDays(2))), Schedules.Anytime("c-e"), Start.AddHours(2));

        Assert.Equal(["a", "c"], enrollment.Steps.Select(s => s.Id));
        Assert.Equal(-1, enrollment.IndexOf("b"));
        Assert.Equal("c", enrollment.NextStep?.Id);
    }

    [Fact]
    public void MoveTo_StepInsertedBehindThePosition_IsSkippedAndOneAheadIsPending()
    {
        var enrollment = FirstSent();

        enrollment.MoveTo(Version(3, Step("intro", TimeSpan.Zero), Step("a", TimeSpan.FromHours(1)), Step("tip", TimeSpan.FromHours(2)), Step("b", TimeSpan.FromDays(1))), Schedules.Anytime("c-e"), Start.AddHours(2));

        Assert.Equal([StepStatus.Skipped, StepStatus.Sent, StepStatus.Pending, StepStatus.Pending], enrollment.Steps.Select(s => s.Status));
        Assert.Equal("Added in v3 behind the enrollment's position.", enrollment.Steps[0].Detail);
        Assert.Equal(2, enrollment.NextStepIndex);
    }

    [Fact]
    public void MoveTo_PendingSteps_AreDueByTheNewAfterChainFromTheStepBefore()
    {
        var enrollment = FirstSent();

        enrollment.MoveTo(Version(2, Step("a", TimeSpan.FromHours(1)), Step("b", TimeSpan.FromHours(6)), Step("d", TimeSpan.FromDays(4))), Schedules.Anytime("c-e"), Start.AddHours(2));

        // From a's recorded due time, not from when it was sent.
        Assert.Equal([Start.AddHours(1), Start.AddHours(7), Start.AddHours(7).AddDays(4)], enrollment.Steps.Select(s => s.DueUtc));
    }

    [Fact]
    public void MoveTo_NoStepLeft_CompletesTheEnrollment()
    {
        var enrollment = FirstSent();

        Assert.True(enrollment.MoveTo(Version(2, Step("a", TimeSpan.FromHours(1))), Schedules.Anytime("c-e"), Start.AddHours(2)));

        Assert.Equal(EnrollmentStatus.Completed, enrollment.Status);
        Assert.Equal(Start.AddHours(2), enrollment.EndedUtc);
        Assert.Null(enrollment.NextStep);
    }

    [Fact]
    public void MoveTo_SameVersionOrEndedEnrollment_ChangesNothing()
    {
        var enrollment = FirstSent();
        Assert.False(enrollment.MoveTo(V1, Schedules.Anytime("c-e"), Start.AddHours(2)));

        enrollment.Halt("reply", Start.AddHours(2));
        var v2 = Version(2, Step("a", TimeSpan.FromHours(1)));

        Assert.False(enrollment.MoveTo(v2, Schedules.Anytime("c-e"), Start.AddHours(3)));
        Assert.Equal(1, enrollment.SequenceVersion);
        Assert.Equal(3, enrollment.Steps.Count);
    }

    [Fact]
    public void RecordOutcome_ByStepIdAfterAMove_FindsTheStepWhereTheMovePutIt_OrNothing()
    {
        var enrollment = Enrollment.Start("c-e", Contact, V1, JsonElement.Parse("{}"), Start, Schedules.Anytime("c-e"));
        enrollment.MoveTo(Version(2, Step("b", TimeSpan.FromDays(1)), Step("a", TimeSpan.FromHours(1))), Schedules.Anytime("c-e"), Start);

        Assert.False(enrollment.RecordOutcome("c", StepStatus.Sent, Start.AddDays(1), "m", null));
        Assert.True(enrollment.RecordOutcome("b", StepStatus.Sent, Start.AddDays(1), "m", null));

        Assert.Equal(StepStatus.Sent, enrollment.Steps[0].Status);
        Assert.Equal("a", enrollment.NextStep?.Id);
    }
}
