using FollowUp.Engine;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Templates;
using FollowUp.Engine.Timing;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Sequences;

public sealed class SequenceVariantValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly SendWindowRequest Weekdays = new(["Mon", "Tue", "Wed", "Thu", "Fri"], "09:00", "17:00");
    private readonly SequenceValidator validator = new(new TemplateRenderer(), Options.Create(new FollowUpOptions()));

    private static SequenceStepRequest Email(IReadOnlyList<StepVariantRequest?>? variants, string? subject = "Hi", string? text = "Hello") =>
        new("first", "PT1H", StepChannel.Email, subject, text, null, variants);

    private static SequenceStepRequest Sms(IReadOnlyList<StepVariantRequest?>? variants) =>
        new("text", "PT1H", StepChannel.Sms, null, "Hi", null, variants);

    private static SequenceRequest Request(SequenceStepRequest step, SendWindowRequest? window = null) =>
        new("Welcome", [new SequenceStepRequest("intro", "PT0S", StepChannel.Email, "s", "t", null), step], null, SendWindow: window);

    private static SequenceRequest Case(string name) => name switch
    {
        "one variant" => Request(Email([new(Subject: "A")])),
        "five variants" => Request(Email([new(), new(), new(), new(), new()])),
        "no variants" => Request(Email([])),
        "null variant" => Request(Email([new(Subject: "A"), null])),
        "duplicate given id" => Request(Email([new("same"), new("same")])),
        "given id clashes with a default" => Request(Email([new("b"), new()])),
        "bad id" => Request(Email([new("A b"), new()])),
        "zero weight" => Request(Email([new(Weight: 0), new()])),
        "negative weight" => Request(Email([new(), new(Weight: -2)])),
        "weight too large" => Request(Email([new(), new(Weight: 1001)])),
        "no subject anywhere" => Request(Email([new(Subject: "A"), new()], subject: null)),
        "no body anywhere" => Request(Email([new(Text: "A"), new()], text: null)),
        "subject does not parse" => Request(Email([new(), new(Subject: "{{ contact.firstName ")])),
        "html does not parse" => Request(Email([new(), new(Html: "{% if x %}<p>")])),
        "sms with subject" => Request(Sms([new(Subject: "A"), new()])),
        "sms with html" => Request(Sms([new(), new(Html: "<p>A</p>")])),
        "sms with a window" => Request(Sms([new(), new(SendWindow: Weekdays)]), Weekdays),
        "window without the sequence's" => Request(Email([new(SendWindow: Weekdays), new()])),
        "bad window start" => Request(Email([new(SendWindow: Weekdays with { Start = "9am" }), new()]), Weekdays),
        "bad window day" => Request(Email([new(), new(SendWindow: Weekdays with { Days = ["Mon", "Funday"] })]), Weekdays),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    [Theory]
    [InlineData("one variant", "steps[1].variants")]
    [InlineData("five variants", "steps[1].variants")]
    [InlineData("no variants", "steps[1].variants")]
    [InlineData("null variant", "steps[1].variants[1]")]
    [InlineData("duplicate given id", "steps[1].variants[1].id")]
    [InlineData("given id clashes with a default", "steps[1].variants[1].id")]
    [InlineData("bad id", "steps[1].variants[0].id")]
    [InlineData("zero weight", "steps[1].variants[0].weight")]
    [InlineData("negative weight", "steps[1].variants[1].weight")]
    [InlineData("weight too large", "steps[1].variants[1].weight")]
    [InlineData("no subject anywhere", "steps[1].variants[1].subject")]
    [InlineData("no body anywhere", "steps[1].variants[1].text")]
    [InlineData("subject does not parse", "steps[1].variants[1].subject")]
    [InlineData("html does not parse", "steps[1].variants[1].html")]
    [InlineData("sms with subject", "steps[1].variants[0].subject")]
    [InlineData("sms with html", "steps[1].variants[1].html")]
    [InlineData("sms with a window", "steps[1].variants[1].sendWindow")]
    [InlineData("window without the sequence's", "steps[1].variants[0].sendWindow")]
    [InlineData("bad window start", "steps[1].variants[0].sendWindow.start")]
    [InlineData("bad window day", "steps[1].variants[1].sendWindow.days[1]")]
    public void Validate_BadVariants_NamesOnlyTheField(string name, string field)
    {
        var errors = new ValidationErrors();

        var sequence = validator.Validate("welcome", Case(name), Now, errors);

        Assert.Null(sequence);
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_VariantsWithoutIdsOrWeights_AreNamedByPositionAndWeighOne()
    {
        var errors = new ValidationErrors();

        var sequence = validator.Validate("welcome", Request(Email([new(Subject: "A"), new(Subject: "B"), new("late", 3, Subject: "C", Text: "Later", SendWindow: Weekdays with { Start = "16:00" })], subject: null), Weekdays), Now, errors);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {e.Value[0]}")));
        var variants = sequence!.Steps[1].Variants;
        Assert.Equal([("a", 1), ("b", 1), ("late", 3)], variants.Select(v => (v.Id, v.Weight)));
        Assert.Null(variants[0].Window);
        Assert.Equal("Mon–Fri 16:00–17:00", variants[2].Window?.ToString());
    }

    [Fact]
    public void Validate_SmsVariantsGivingTheText_AreValid()
    {
        var errors = new ValidationErrors();

        validator.Validate("welcome", Request(new SequenceStepRequest("text", "PT1H", StepChannel.Sms, null, null, null, [new(Text: "A"), new(Text: "B")])), Now, errors);

        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void FirstRenderFailure_VariantTemplateFailsForTheSample_NamesTheVariantField()
    {
        var errors = new ValidationErrors();
        var sequence = validator.Validate("welcome", Request(Email([new(), new(Text: "{{ 1 | divided_by: 0 }}")])), Now, errors);

        var failure = validator.FirstRenderFailure(sequence!);

        Assert.Equal("steps[1].variants[1].text", failure?.Field);
        Assert.Contains("divides by zero", failure?.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SameDefinitionAs_SameVariants_IsTheSameAndAChangedWeightIsNot()
    {
        Sequence Validate(int weight) => validator.Validate("welcome", Request(Email([new(Subject: "A"), new(Subject: "B", Weight: weight)])), Now, new ValidationErrors())!;

        Assert.True(Validate(1).SameDefinitionAs(Validate(1)));
        Assert.False(Validate(1).SameDefinitionAs(Validate(2)));
    }

    [Fact]
    public void Document_RoundTrip_KeepsTheVariants()
    {
        var sequence = validator.Validate("welcome", Request(Email([new(Subject: "A"), new("late", 3, Html: "<p>B</p>", SendWindow: Weekdays)]), Weekdays), Now, new ValidationErrors())! with { Version = 1 };

        var read = SequenceDocument.From(sequence).ToSequence();

        Assert.True(read.SameDefinitionAs(sequence));
        Assert.Equal(sequence.Steps[1].Variants, read.Steps[1].Variants);
    }
}
