using FollowUp.Engine.Timing;

namespace FollowUp.Engine.Sequences;

/// <summary>One entry of a step's <c>variants</c>: <c>id</c> (default <c>a</c>, <c>b</c>… by position), <c>weight</c> (default 1), the parts that differ from the step's, and an email's <c>sendWindow</c>.</summary>
public sealed record StepVariantRequest(string? Id = null, int? Weight = null, string? Subject = null, string? Text = null, string? Html = null, SendWindowRequest? SendWindow = null)
{
    /// <summary>The request form of a variant, as documents store it.</summary>
    public static StepVariantRequest From(StepVariant variant) =>
        new(variant.Id, variant.Weight, variant.Subject, variant.Text, variant.Html, variant.Window is { } window ? SendWindowRequest.From(window) : null);

    /// <summary>The variant a stored (valid) request describes.</summary>
    public StepVariant ToVariant() =>
        new(Id!, Weight ?? 1, Subject, Text, Html, SendWindow is null ? null : SendWindow.ToWindow());
}
