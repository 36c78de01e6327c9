using FollowUp.Engine;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Templates;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Sequences;

public sealed class SequenceValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly SequenceValidator validator = new(new TemplateRenderer(), Options.Create(new FollowUpOptions()));

    private static SequenceStepRequest Email(string id = "thanks", string after = "PT1H", string? subject = "Hi {{ contact.firstName }}", string? text = "Hello", string? html = null) =>
        new(id, after, StepChannel.Email, subject, text, html);

    private IDictionary<string, string[]> Errors(SequenceRequest request, string id = "welcome")
    {
        var errors = new ValidationErrors();
        validator.Validate(id, request, Now, errors);
        return errors.ToDictionary();
    }

    [Fact]
    public void Validate_ValidSequence_ReturnsStepsWithParsedDurations()
    {
        var errors = new ValidationErrors();
        var sequence = validator.Validate(
            "welcome",
            new SequenceRequest("Welcome", [Email(), new SequenceStepRequest("nudge", "P3D", StepChannel.Sms, null, "Still there?", null)], null),
            Now,
            errors);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(sequence);
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromDays(3)], sequence.Steps.Select(s => s.After));
        Assert.True(sequence.StopOn.Reply);
    }

    [Theory]
    [InlineData("1 hour")]
    [InlineData("PT")]
    [InlineData("P1Y2X")]
    [InlineData("-PT1H")]
    [InlineData("P400D")]
    [InlineData("")]
    public void Validate_BadDuration_NamesTheStepField(string after)
    {
        var errors = Errors(new SequenceRequest("Welcome", [Email(), Email("second", after)], null));

        Assert.Equal(["steps[1].after"], errors.Keys);
    }

    [Fact]
    public void Validate_SecondsDuration_IsAllowed()
    {
        Assert.Empty(Errors(new SequenceRequest("Demo", [Email(after: "PT30S")], null)));
    }

    [Fact]
    public void Validate_TemplateThatDoesNotParse_NamesStepAndField()
    {
        var errors = Errors(new SequenceRequest("Welcome", [Email(), Email("second", html: "<p>{{ contact.firstName </p>")], null));

        Assert.Equal(["steps[1].html"], errors.Keys);
        Assert.Contains("Liquid", errors["steps[1].html"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnclosedTag_IsRejected()
    {
        var errors = Errors(new SequenceRequest("Welcome", [Email(subject: "{% if contact.firstName %}Hi")], null));

        Assert.Equal(["steps[0].subject"], errors.Keys);
    }

    [Fact]
    public void Validate_DuplicateStepIds_NamesTheSecond()
    {
        var errors = Errors(new SequenceRequest("Welcome", [Email("same"), Email("same")], null));

        Assert.Equal(["steps[1].id"], errors.Keys);
    }

    [Fact]
    public void Validate_EmailWithoutSubjectOrBody_NamesBothFields()
    {
        var errors = Errors(new SequenceRequest("Welcome", [Email(subject: null, text: null)], null));

        Assert.Equal(["steps[0].subject", "steps[0].text"], errors.Keys.Order());
    }

    [Fact]
    public void Validate_SmsWithSubjectAndHtml_IsRejected()
    {
        var errors = Errors(new SequenceRequest("Welcome", [new SequenceStepRequest("s", "PT1H", StepChannel.Sms, "Subject", "Text", "<p/>")], null));

        Assert.Equal(["steps[0].html", "steps[0].subject"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("Has Spaces")]
    [InlineData("UPPER")]
    [InlineData("slash/id")]
    [InlineData("-leading")]
    public void Validate_BadSequenceId_NamesId(string id)
    {
        Assert.Equal(["id"], Errors(new SequenceRequest("Welcome", [Email()], null), id).Keys);
    }

    [Fact]
    public void Validate_NoNameAndNoSteps_NamesBoth()
    {
        Assert.Equal(["name", "steps"], Errors(new SequenceRequest(null, [], null)).Keys.Order());
    }

    [Theory]
    [InlineData("{{ 1 | divided_by: 0 }}", "divides by zero")]
    [InlineData("{% for i in (1..9999999) %}{% endfor %}", "range has 9999999 items")]
    [InlineData("{% include 'x' %}", "include tag is not supported")]
    [InlineData("{{ 'x' | slice: 99999999999 }}", "out of range")]
    [InlineData("{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}", "characters of values")]
    public void FirstRenderFailure_TemplateFailsForTheSample_NamesStepAndField(string html, string reason)
    {
        var errors = new ValidationErrors();
        var sequence = validator.Validate("welcome", new SequenceRequest("Welcome", [Email(), Email("second", html: html)], null), Now, errors);

        var failure = validator.FirstRenderFailure(sequence!);

        Assert.NotNull(failure);
        Assert.Equal("steps[1].html", failure.Value.Field);
        Assert.Contains(reason, failure.Value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstRenderFailure_TemplatesThatRenderForTheSample_IsNull()
    {
        var errors = new ValidationErrors();
        var sequence = validator.Validate(
            "welcome",
            new SequenceRequest("Welcome", [Email(html: "<p>{{ contact.firstName | upcase }} {{ data.total | default: 0 | divided_by: 2 }} <a href=\"{{ unsubscribe_url }}\">x</a></p>"), new SequenceStepRequest("nudge", "P3D", StepChannel.Sms, null, "{{ contact.phone }}", null)], null),
            Now,
            errors);

        Assert.Null(validator.FirstRenderFailure(sequence!));
    }
}
