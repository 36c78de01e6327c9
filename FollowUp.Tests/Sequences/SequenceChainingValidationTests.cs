using FollowUp.Engine;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Sequences;

public sealed class SequenceChainingValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly SequenceValidator validator = new(new TemplateRenderer(), Options.Create(new FollowUpOptions()));

    private static readonly SequenceStepRequest[] Steps = [new("thanks", "PT1H", StepChannel.Email, "Hi", "Hello", null)];

    private (Sequence? Sequence, IDictionary<string, string[]> Errors) Validate(SequenceRequest request)
    {
        var errors = new ValidationErrors();
        var sequence = validator.Validate("welcome", request, Now, errors);
        return (sequence, errors.ToDictionary());
    }

    [Fact]
    public void Validate_NoReenrollNorOnComplete_DefaultsToAfterCompletionAndNoChain()
    {
        var (sequence, _) = Validate(new SequenceRequest("Welcome", Steps, null));

        Assert.Equal(ReenrollPolicy.AfterCompletion, sequence!.Reenroll);
        Assert.Null(sequence.OnCompleteEnroll);
    }

    [Fact]
    public void Validate_ReenrollAndOnComplete_AreKept()
    {
        var (sequence, _) = Validate(new SequenceRequest("Welcome", Steps, null, ReenrollPolicy.Never, new OnCompleteRequest("nurture")));

        Assert.Equal(ReenrollPolicy.Never, sequence!.Reenroll);
        Assert.Equal("nurture", sequence.OnCompleteEnroll);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Nurture Me")]
    [InlineData("welcome")]
    public void Validate_BadOnCompleteEnroll_NamesTheField(string? enroll)
    {
        var (sequence, errors) = Validate(new SequenceRequest("Welcome", Steps, null, OnComplete: new OnCompleteRequest(enroll)));

        Assert.Null(sequence);
        Assert.Equal(["onComplete.enroll"], errors.Keys);
    }

    [Theory]
    [InlineData("never", ReenrollPolicy.Never)]
    [InlineData("after-completion", ReenrollPolicy.AfterCompletion)]
    [InlineData("always", ReenrollPolicy.Always)]
    public void Parse_Reenroll_ReadsTheKebabCaseNames(string value, ReenrollPolicy expected)
    {
        var (request, problem) = JsonBody.Parse<SequenceRequest>(System.Text.Encoding.UTF8.GetBytes($$"""{"name":"x","reenroll":"{{value}}"}"""), FollowUpJson.Options);

        Assert.Null(problem);
        Assert.Equal(expected, request!.Reenroll);
    }

    [Theory]
    [InlineData("\"sometimes\"")]
    [InlineData("\"afterCompletion\"")]
    [InlineData("1")]
    public void Parse_BadReenroll_ProblemNamesReenroll(string value)
    {
        var (_, problem) = JsonBody.Parse<SequenceRequest>(System.Text.Encoding.UTF8.GetBytes($$"""{"name":"x","reenroll":{{value}}}"""), FollowUpJson.Options);

        var validation = Assert.IsType<ValidationProblem>(problem);
        Assert.Equal(["reenroll"], validation.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void SameDefinitionAs_DifferentReenrollOrOnComplete_IsANewDefinition()
    {
        var (sequence, _) = Validate(new SequenceRequest("Welcome", Steps, null));

        Assert.True(sequence!.SameDefinitionAs(sequence with { Version = 2 }));
        Assert.False(sequence.SameDefinitionAs(sequence with { Reenroll = ReenrollPolicy.Always }));
        Assert.False(sequence.SameDefinitionAs(sequence with { OnCompleteEnroll = "nurture" }));
    }
}
