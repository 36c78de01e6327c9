using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Timing;

namespace FollowUp.Tests.Sequences;

public sealed class StepVariantsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private static readonly Contact Contact = new("c", "a@example.com", null, null, null, null);

    /// <summary>10,000 enrollment ids of the shape the engine makes (contact id, dash, random part), fixed by a seed.</summary>
    private static readonly string[] Ids = MakeIds(10_000);

    private static string[] MakeIds(int count)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        var random = new Random(16);
        string Part(int length) => new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
        return [.. Enumerable.Range(0, count).Select(_ => $"{Part(12)}-{Part(10)}")];
    }

    private static SequenceStep Step(string id, params (string Id, int Weight)[] variants) =>
        new(id, TimeSpan.FromHours(1), StepChannel.Email, "Step subject", "Step text", null)
        {
            Variants = [.. variants.Select(v => new StepVariant(v.Id, v.Weight, $"Subject {v.Id}", null, null))],
        };

    [Fact]
    public void Choose_StepWithoutVariants_IsNull()
    {
        Assert.Null(StepVariants.Choose(Ids[0], new SequenceStep("plain", TimeSpan.Zero, StepChannel.Email, "s", "t", null)));
    }

    [Fact]
    public void Choose_SameIdsTwice_GivesTheSameVariant()
    {
        var step = Step("first", ("a", 1), ("b", 1), ("c", 1));
        var again = Step("first", ("a", 1), ("b", 1), ("c", 1));

        Assert.All(Ids.Take(1000), id => Assert.Equal(StepVariants.Choose(id, step), StepVariants.Choose(id, again)));
    }

    [Theory]
    [InlineData(new[] { 1, 1 })]
    [InlineData(new[] { 1, 3 })]
    [InlineData(new[] { 1, 1, 2 })]
    [InlineData(new[] { 5, 10, 20, 65 })]
    public void Choose_TenThousandIds_FollowTheWeightsWithinThreePoints(int[] weights)
    {
        var step = Step("first", [.. weights.Select((w, i) => (((char)('a' + i)).ToString(), w))]);

        var counts = Ids.GroupBy(id => StepVariants.Choose(id, step)!).ToDictionary(g => g.Key, g => g.Count());

        for (var i = 0; i < weights.Length; i++)
        {
            var expected = 100.0 * weights[i] / weights.Sum();
            var actual = 100.0 * counts.GetValueOrDefault(((char)('a' + i)).ToString()) / Ids.Length;
            Assert.InRange(actual, expected - 3, expected + 3);
        }
    }

    [Fact]
    public void Choose_TwoStepsOfOneEnrollment_AreChosenIndependently()
    {
        var first = Step("first", ("a", 1), ("b", 1));
        var second = Step("second", ("a", 1), ("b", 1));

        var same = Ids.Count(id => StepVariants.Choose(id, first) == StepVariants.Choose(id, second));

        Assert.InRange(100.0 * same / Ids.Length, 47, 53);
    }

    [Fact]
    public void AsVariant_PartTheVariantLeavesOut_IsTheStepsOwn()
    {
        var step = Step("first", ("a", 1), ("b", 1));

        var b = step.AsVariant("b");

        Assert.Equal(("Subject b", "Step text", 0), (b.Subject, b.Text, b.Variants.Count));
        Assert.Throws<ArgumentException>(() => step.AsVariant("z"));
    }

    [Fact]
    public void Start_StepWithVariants_RecordsTheChosenVariantOnTheEnrollmentStep()
    {
        var step = Step("first", ("a", 1), ("b", 1));
        var sequence = new Sequence("welcome", 1, "Welcome", [step, new SequenceStep("plain", TimeSpan.FromDays(1), StepChannel.Email, "s", "t", null)], new StopRules(true), Start);

        var enrollments = Ids.Take(50).Select(id => Enrollment.Start(id, Contact, sequence, JsonElement.Parse("{}"), Start, Schedules.Anytime(id))).ToList();

        Assert.All(enrollments, e => Assert.Equal(StepVariants.Choose(e.Id, step), e.Steps[0].Variant));
        Assert.All(enrollments, e => Assert.Null(e.Steps[1].Variant));
        Assert.Equal(["a", "b"], enrollments.Select(e => e.Steps[0].Variant).Distinct().Order());
    }

    [Fact]
    public void MoveTo_NewVersionChangesVariants_PendingStepTakesTheNewOnesAndTheSentStepKeepsItsOwn()
    {
        var v1 = new Sequence("welcome", 1, "Welcome", [Step("first", ("a", 1), ("b", 1)), Step("second", ("a", 1), ("b", 1))], new StopRules(true), Start);
        var v2 = v1 with { Version = 2, Steps = [Step("first", ("x", 1), ("y", 1)), Step("second", ("x", 1), ("y", 1))] };
        var id = Ids[7];
        var enrollment = Enrollment.Start(id, Contact, v1, JsonElement.Parse("{}"), Start, Schedules.Anytime(id));
        var sentAs = enrollment.Steps[0].Variant;
        enrollment.RecordOutcome(0, StepStatus.Sent, Start.AddHours(1), "m1", null);

        Assert.True(enrollment.MoveTo(v2, Schedules.Anytime(id), Start.AddHours(2)));

        Assert.Equal(sentAs, enrollment.Steps[0].Variant);
        Assert.Contains(enrollment.Steps[1].Variant, new[] { "x", "y" });
        Assert.Equal(StepVariants.Choose(id, v2.Steps[1]), enrollment.Steps[1].Variant);
    }

    [Fact]
    public void PlanSends_VariantWithItsOwnWindow_GoesInThatWindowAndTheOtherInTheSequences()
    {
        var step = new SequenceStep("first", TimeSpan.Zero, StepChannel.Email, "s", "t", null)
        {
            Variants = [new StepVariant("morning", 1, null, null, null, Timings.Window("Mon,Tue,Wed,Thu,Fri", "08:00", "09:00")), new StepVariant("evening", 1, null, null, null)],
        };
        var sequence = new Sequence("welcome", 1, "Welcome", [step], new StopRules(true), Start, Timing: new Engine.Timing.SendRules(Timings.Berlin, Timings.Weekdays, null, [], TimeSpan.Zero));
        var planner = Timings.Planner(_ => { });
        var monday = Timings.At(Timings.Berlin, "2026-11-23 18:00");

        var sendTimes = Ids.Take(40).Select(id =>
        {
            var enrollment = Enrollment.Start(id, Contact, sequence, JsonElement.Parse("{}"), monday, planner.For(sequence, null, id));
            return (Variant: enrollment.Steps[0].Variant, Local: Timings.LocalText(enrollment.Steps[0].SendUtc, Timings.Berlin));
        }).ToList();

        Assert.All(sendTimes.Where(s => s.Variant == "morning"), s => Assert.Equal("Tue 2026-11-24 08:00:00", s.Local));
        Assert.All(sendTimes.Where(s => s.Variant == "evening"), s => Assert.Equal("Tue 2026-11-24 09:00:00", s.Local));
        Assert.Equal(2, sendTimes.Select(s => s.Variant).Distinct().Count());
    }
}
