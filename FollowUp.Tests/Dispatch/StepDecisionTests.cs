using System.Text.Json;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;

namespace FollowUp.Tests.Dispatch;

/// <summary>The send path's decisions, made from what was read, with no storage.</summary>
public sealed class StepDecisionTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly Contact Ann = new("c1", "ann@example.com", "+13125550100", "Ann", null, null);

    /// <summary>An enrollment started at noon into two emails: "first" at once, "second" an hour later.</summary>
    private static Enrollment Started()
    {
        var sequence = new Sequence(
            "welcome",
            1,
            "Welcome",
            [new SequenceStep("first", TimeSpan.Zero, StepChannel.Email, "s", "t", null), new SequenceStep("second", TimeSpan.FromHours(1), StepChannel.Email, "s", "t", null)],
            new StopRules(true),
            Noon);
        return Enrollment.Start("c1-e", Ann, sequence, JsonElement.Parse("{}"), Noon, Schedules.Anytime("c1-e"));
    }

    private static StepMessage Message(string stepId = "first", int version = 1) => new("c1-e", stepId, version);

    private static SendClaim Claim(ClaimStatus status) =>
        new(new SendKey("c1-e", "first"), status, Noon, Noon.AddMinutes(5), null, null, status == ClaimStatus.Sending ? null : Noon, default, Noon);

    [Fact]
    public void Decide_EnrollmentMissingAndContactErased_Drops()
    {
        var action = StepDecision.Decide(Message(), null, contactErased: true, Noon);

        Assert.Equal(StepActionKind.Drop, action.Kind);
        Assert.Contains("erased", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_EnrollmentMissingAndContactKept_IsNotReady() =>
        Assert.Equal(StepActionKind.NotReady, StepDecision.Decide(Message(), null, contactErased: false, Noon).Kind);

    [Theory]
    [InlineData("gone", 1)]
    [InlineData("first", 2)]
    [InlineData("first", 0)]
    public void Decide_StepNotOfThisVersion_Drops(string stepId, int version)
    {
        var action = StepDecision.Decide(Message(stepId, version), Started(), contactErased: false, Noon);

        Assert.Equal(StepActionKind.Drop, action.Kind);
        Assert.Equal("it is not a step of v1", action.Reason);
    }

    [Theory]
    [InlineData(StepStatus.Sent)]
    [InlineData(StepStatus.Failed)]
    [InlineData(StepStatus.Skipped)]
    public void Decide_StepEndedAlready_EnsuresTheNextAndSendsNothing(StepStatus status)
    {
        var enrollment = Started();
        enrollment.RecordOutcome("first", status, Noon, status == StepStatus.Sent ? "m-1" : null, null);

        var action = StepDecision.Decide(Message(), enrollment, contactErased: false, Noon.AddHours(2));

        Assert.Equal(StepActionKind.EnsureNext, action.Kind);
        Assert.Equal(0, action.Index);
    }

    [Fact]
    public void Decide_EnrollmentHalted_EnsuresTheNextAndSendsNothing()
    {
        var enrollment = Started();
        enrollment.Halt("replied", Noon);

        var action = StepDecision.Decide(Message(), enrollment, contactErased: false, Noon);

        Assert.Equal(StepActionKind.EnsureNext, action.Kind);
        Assert.Contains("Halted", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_StepNotNext_EnsuresTheNextAndSendsNothing()
    {
        var action = StepDecision.Decide(Message("second"), Started(), contactErased: false, Noon.AddHours(2));

        Assert.Equal(StepActionKind.EnsureNext, action.Kind);
        Assert.Equal(1, action.Index);
        Assert.Contains("at step first", action.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(86_400)]
    public void Decide_StepDueOrOverdue_Sends(int secondsLate)
    {
        var action = StepDecision.Decide(Message(), Started(), contactErased: false, Noon.AddSeconds(secondsLate));

        Assert.Equal(StepActionKind.Send, action.Kind);
        Assert.Equal(0, action.Index);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4_999)]
    [InlineData(5_000)]
    public void Decide_EarlyWithinMaxEarlyWait_PausesForTheRest(int millisecondsEarly)
    {
        var action = StepDecision.Decide(Message(), Started(), contactErased: false, Noon.AddMilliseconds(-millisecondsEarly));

        Assert.Equal(StepActionKind.Pause, action.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(millisecondsEarly), action.Delay);
    }

    [Theory]
    [InlineData(5_001)]
    [InlineData(3_600_000)]
    public void Decide_EarlyOverMaxEarlyWait_RequeuesUntilTheSendTime(int millisecondsEarly)
    {
        var action = StepDecision.Decide(Message(), Started(), contactErased: false, Noon.AddMilliseconds(-millisecondsEarly));

        Assert.Equal(StepActionKind.Requeue, action.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(millisecondsEarly), action.Delay);
    }

    [Fact]
    public void Decide_SecondStepDueAfterTheFirstWasSent_Sends()
    {
        var enrollment = Started();
        enrollment.RecordOutcome("first", StepStatus.Sent, Noon, "m-1", null);

        var action = StepDecision.Decide(Message("second"), enrollment, contactErased: false, Noon.AddHours(1));

        Assert.Equal(StepActionKind.Send, action.Kind);
        Assert.Equal(1, action.Index);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ClaimStatus.Sending)]
    [InlineData(ClaimStatus.Sent)]
    public void WhenDue_WindowOpen_Sends(ClaimStatus? claim) =>
        Assert.Equal(StepActionKind.Send, StepDecision.WhenDue(0, windowOpen: true, claim is { } status ? Claim(status) : null).Kind);

    [Theory]
    [InlineData(ClaimStatus.Sent)]
    [InlineData(ClaimStatus.Failed)]
    [InlineData(ClaimStatus.Skipped)]
    public void WhenDue_WindowClosedAndClaimEnded_RecordsTheClaim(ClaimStatus status)
    {
        var claim = Claim(status);

        var action = StepDecision.WhenDue(0, windowOpen: false, claim);

        Assert.Equal(StepActionKind.RecordEnded, action.Kind);
        Assert.Same(claim, action.Claim);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ClaimStatus.Sending)]
    public void WhenDue_WindowClosedAndNoEndedClaim_DelaysForTheWindow(ClaimStatus? claim) =>
        Assert.Equal(StepActionKind.DelayForWindow, StepDecision.WhenDue(0, windowOpen: false, claim is { } status ? Claim(status) : null).Kind);

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void ForSlot_SlotReached_Sends(int secondsAhead) =>
        Assert.Equal(StepActionKind.Send, StepDecision.ForSlot(0, Noon.AddSeconds(secondsAhead), Noon).Kind);

    [Fact]
    public void ForSlot_SlotWithinMaxEarlyWait_PausesUntilIt()
    {
        var action = StepDecision.ForSlot(0, Noon.AddSeconds(3), Noon);

        Assert.Equal(StepActionKind.Pause, action.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), action.Delay);
    }

    [Fact]
    public void ForSlot_SlotBeyondMaxEarlyWait_RequeuesUntilTheSlot()
    {
        var action = StepDecision.ForSlot(0, Noon.AddMinutes(2), Noon);

        Assert.Equal(StepActionKind.Requeue, action.Kind);
        Assert.Equal(TimeSpan.FromMinutes(2), action.Delay);
    }
}
