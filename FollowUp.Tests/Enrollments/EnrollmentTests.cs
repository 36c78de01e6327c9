using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;

namespace FollowUp.Tests.Enrollments;

public sealed class EnrollmentTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private static readonly Sequence ThreeSteps = new(
        "welcome",
        2,
        "Welcome",
        [
            new SequenceStep("thanks", TimeSpan.FromHours(1), StepChannel.Email, "s", "t", null),
            new SequenceStep("nudge", TimeSpan.FromDays(3), StepChannel.Sms, null, "t", null),
            new SequenceStep("close", TimeSpan.FromDays(10), StepChannel.Email, "s", "t", null),
        ],
        new StopRules(true),
        Start);

    private static Enrollment New() =>
        Enrollment.Start("c-e", new Contact("c", "a@example.com", null, null, null, null), ThreeSteps, JsonElement.Parse("{}"), Start, Schedules.Anytime("c-e"));

    [Fact]
    public void Start_DueTimesAccumulateFromEnrollment()
    {
        var enrollment = New();

        Assert.Equal([Start.AddHours(1), Start.AddHours(1).AddDays(3), Start.AddHours(1).AddDays(13)], enrollment.Steps.Select(s => s.DueUtc));
        Assert.Equal(EnrollmentStatus.Active, enrollment.Status);
        Assert.Equal(2, enrollment.SequenceVersion);
        Assert.Equal("thanks", enrollment.NextStep?.Id);
    }

    [Fact]
    public void RecordOutcome_LastStep_CompletesTheEnrollment()
    {
        var enrollment = New();

        Assert.True(enrollment.RecordOutcome(0, StepStatus.Sent, Start.AddHours(1), "m1", null));
        Assert.True(enrollment.RecordOutcome(1, StepStatus.Skipped, Start.AddDays(3), null, "no phone"));
        Assert.Equal(EnrollmentStatus.Active, enrollment.Status);
        Assert.True(enrollment.RecordOutcome(2, StepStatus.Sent, Start.AddDays(14), "m3", null));

        Assert.Equal(EnrollmentStatus.Completed, enrollment.Status);
        Assert.Equal(Start.AddDays(14), enrollment.EndedUtc);
        Assert.Null(enrollment.NextStep);
    }

    [Fact]
    public void RecordOutcome_Repeated_ChangesNothing()
    {
        var enrollment = New();
        enrollment.RecordOutcome(0, StepStatus.Sent, Start, "m1", null);

        Assert.False(enrollment.RecordOutcome(0, StepStatus.Sent, Start.AddMinutes(5), "m1", null));
        Assert.False(enrollment.RecordOutcome(0, StepStatus.Failed, Start.AddMinutes(5), null, "late"));
        Assert.Equal(Start, enrollment.Steps[0].SentUtc);
        Assert.Equal(1, enrollment.NextStepIndex);
    }

    [Fact]
    public void Halt_SkipsEveryStepNotYetSent()
    {
        var enrollment = New();
        enrollment.RecordOutcome(0, StepStatus.Sent, Start, "m1", null);

        Assert.True(enrollment.Halt("reply", Start.AddDays(1)));

        Assert.Equal(EnrollmentStatus.Halted, enrollment.Status);
        Assert.Equal([StepStatus.Sent, StepStatus.Skipped, StepStatus.Skipped], enrollment.Steps.Select(s => s.Status));
        Assert.False(enrollment.Halt("reply", Start.AddDays(2)));
    }

    [Fact]
    public void RecordOutcome_SendThatRacedAHalt_IsRecordedAsSentAndStaysHalted()
    {
        var enrollment = New();
        enrollment.Halt("reply", Start);

        Assert.True(enrollment.RecordOutcome(0, StepStatus.Sent, Start.AddSeconds(1), "m1", null));

        Assert.Equal(StepStatus.Sent, enrollment.Steps[0].Status);
        Assert.Equal(StepStatus.Skipped, enrollment.Steps[1].Status);
        Assert.Equal(EnrollmentStatus.Halted, enrollment.Status);
    }

    [Theory]
    [InlineData("abcdefghjkmn-0123456789", true)]
    [InlineData("abcdefghjkmn", false)]
    [InlineData("abcdefghjkmn-01234", false)]
    [InlineData("ABCDEFGHJKMN-0123456789", false)]
    [InlineData("../../etc-0123456789", false)]
    public void EnrollmentId_TryGetContactId_Theory(string id, bool valid)
    {
        Assert.Equal(valid, EnrollmentId.TryGetContactId(id, out var contactId));
        Assert.Equal(valid ? "abcdefghjkmn" : "", contactId);
    }

    [Fact]
    public void EnrollmentId_Create_RoundTrips()
    {
        var id = EnrollmentId.Create("k3j9x2m8qa1z");

        Assert.True(EnrollmentId.TryGetContactId(id, out var contactId));
        Assert.Equal("k3j9x2m8qa1z", contactId);
    }
}
