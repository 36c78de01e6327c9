using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>One A/B variant of a step as the editor shows it; a blank part is the step's own.</summary>
public sealed class VariantForm
{
    /// <summary>The variant's id (<c>a</c>).</summary>
    public string Id { get; set; } = "";

    /// <summary>Its weight, as typed.</summary>
    public string Weight { get; set; } = "1";

    /// <summary>Its subject template, or blank for the step's.</summary>
    public string Subject { get; set; } = "";

    /// <summary>Its text template, or blank for the step's.</summary>
    public string Text { get; set; } = "";

    /// <summary>Its HTML template, or blank for the step's.</summary>
    public string Html { get; set; } = "";

    /// <summary>Its own send window (email only).</summary>
    public WindowForm Window { get; set; } = new();

    /// <summary>The form of a variant of a request.</summary>
    public static VariantForm From(StepVariantRequest? request, int index) => new()
    {
        Id = request?.Id ?? ((char)('a' + index)).ToString(),
        Weight = (request?.Weight ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Subject = request?.Subject ?? "",
        Text = request?.Text ?? "",
        Html = request?.Html ?? "",
        Window = WindowForm.From(request?.SendWindow),
    };

    /// <summary>Reads the fields of <c><paramref name="prefix"/>.*</c>.</summary>
    public static VariantForm Read(IFormCollection form, string prefix) => new()
    {
        Id = SequenceForm.Text(form, prefix + ".id").Trim(),
        Weight = SequenceForm.Text(form, prefix + ".weight").Trim(),
        Subject = SequenceForm.Text(form, prefix + ".subject"),
        Text = SequenceForm.Text(form, prefix + ".text"),
        Html = SequenceForm.Text(form, prefix + ".html"),
        Window = WindowForm.Read(form, prefix + ".sendWindow"),
    };

    /// <summary>The request's variant; a weight that is not a number is left out of it and named in <paramref name="formErrors"/>.</summary>
    public StepVariantRequest ToRequest(StepChannel? channel, string prefix, Dictionary<string, string> formErrors)
    {
        int? weight = null;
        if (int.TryParse(Weight, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            weight = number;
        }
        else if (Weight.Length > 0)
        {
            formErrors[prefix + ".weight"] = "Use a whole number, such as 1.";
        }

        var email = channel != StepChannel.Sms;
        return new StepVariantRequest(
            SequenceForm.Blank(Id),
            weight,
            email ? SequenceForm.Blank(Subject) : null,
            SequenceForm.Blank(Text),
            email ? SequenceForm.Blank(Html) : null,
            email ? Window.ToRequest() : null);
    }
}
