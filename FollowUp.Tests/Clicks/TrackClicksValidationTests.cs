using FollowUp.Engine;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Templates;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Clicks;

/// <summary>The sequence's <c>trackClicks</c> field: validated against the settings, and kept through the stored document.</summary>
public sealed class TrackClicksValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static SequenceRequest Request(bool? trackClicks) =>
        new("Welcome", [new SequenceStepRequest("welcome", "PT1H", StepChannel.Email, "Hi", "See https://shop.example/", null)], null, TrackClicks: trackClicks);

    private static (Sequence? Sequence, IDictionary<string, string[]> Errors) Validate(bool? trackClicks, string? publicBaseUrl)
    {
        var validator = new SequenceValidator(new TemplateRenderer(), Options.Create(new FollowUpOptions { PublicBaseUrl = publicBaseUrl is null ? null : new Uri(publicBaseUrl) }));
        var errors = new ValidationErrors();
        var sequence = validator.Validate("welcome", Request(trackClicks), Now, errors);
        return (sequence, errors.ToDictionary());
    }

    [Fact]
    public void Validate_TrackClicksWithoutPublicBaseUrl_NamesTheField()
    {
        var (sequence, errors) = Validate(true, null);

        Assert.Null(sequence);
        Assert.Equal(["trackClicks"], errors.Keys);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(null, false)]
    public void Validate_WithPublicBaseUrl_KeepsTheFieldThroughTheStoredDocument(bool? given, bool expected)
    {
        var (sequence, errors) = Validate(given, PublicLocalAppFixture.PublicBaseUrl);

        Assert.Empty(errors);
        Assert.Equal(expected, sequence!.TrackClicks);
        var document = SequenceDocument.From(sequence);
        Assert.Equal(expected ? true : null, document.TrackClicks);
        var stored = document.ToSequence();
        Assert.Equal(expected, stored.TrackClicks);
        Assert.True(stored.SameDefinitionAs(sequence));
        Assert.False((stored with { TrackClicks = !expected }).SameDefinitionAs(sequence));
    }
}
