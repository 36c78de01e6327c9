using System.Globalization;
using System.Xml;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>One step as the editor shows it: the delay in days, hours and minutes, and each template as typed.</summary>
public sealed class StepForm
{
    /// <summary>The step's id.</summary>
    public string Id { get; set; } = "";

    /// <summary><c>email</c> or <c>sms</c>.</summary>
    public string Channel { get; set; } = "email";

    /// <summary>Days of the delay after the previous step, as typed.</summary>
    public string Days { get; set; } = "0";

    /// <summary>Hours of the delay, as typed.</summary>
    public string Hours { get; set; } = "0";

    /// <summary>Minutes of the delay, as typed.</summary>
    public string Minutes { get; set; } = "0";

    /// <summary>Seconds of the delay: shown only when a definition has some, so that none is lost.</summary>
    public string Seconds { get; set; } = "";

    /// <summary>The subject template.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The text template (the SMS body, or the email's text part).</summary>
    public string Text { get; set; } = "";

    /// <summary>The HTML template of an email.</summary>
    public string Html { get; set; } = "";

    /// <summary>The A/B variants: none, or two to four.</summary>
    public List<VariantForm> Variants { get; set; } = [];

    /// <summary>Whether the step is an SMS.</summary>
    public bool IsSms => Channel == "sms";

    /// <summary>The form of a step of a request.</summary>
    public static StepForm From(SequenceStepRequest? request)
    {
        var form = new StepForm
        {
            Id = request?.Id ?? "",
            Channel = request?.Channel == StepChannel.Sms ? "sms" : "email",
            Subject = request?.Subject ?? "",
            Text = request?.Text ?? "",
            Html = request?.Html ?? "",
            Variants = [.. (request?.Variants ?? []).Select(VariantForm.From)],
        };
        TimeSpan? after = null;
        try
        {
            after = request?.After is { } text ? XmlConvert.ToTimeSpan(text) : null;
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            after = null;
        }

        if (after is { } delay && delay >= TimeSpan.Zero)
        {
            form.Days = ((int)delay.TotalDays).ToString(CultureInfo.InvariantCulture);
            form.Hours = delay.Hours.ToString(CultureInfo.InvariantCulture);
            form.Minutes = delay.Minutes.ToString(CultureInfo.InvariantCulture);
            form.Seconds = delay.Seconds == 0 ? "" : delay.Seconds.ToString(CultureInfo.InvariantCulture);
        }

        return form;
    }

    /// <summary>Reads the fields of <c><paramref name="prefix"/>.*</c> (<c>steps[0]</c>).</summary>
    public static StepForm Read(IFormCollection form, string prefix)
    {
        var step = new StepForm
        {
            Id = SequenceForm.Text(form, prefix + ".id").Trim(),
            Channel = SequenceForm.Text(form, prefix + ".channel").Trim(),
            Days = SequenceForm.Text(form, prefix + ".after.days").Trim(),
            Hours = SequenceForm.Text(form, prefix + ".after.hours").Trim(),
            Minutes = SequenceForm.Text(form, prefix + ".after.minutes").Trim(),
            Seconds = SequenceForm.Text(form, prefix + ".after.seconds").Trim(),
            Subject = SequenceForm.Text(form, prefix + ".subject"),
            Text = SequenceForm.Text(form, prefix + ".text"),
            Html = SequenceForm.Text(form, prefix + ".html"),
        };
        for (var j = 0; form.ContainsKey($"{prefix}.variants[{j}].id"); j++)
        {
            step.Variants.Add(VariantForm.Read(form, $"{prefix}.variants[{j}]"));
        }

        return step;
    }

    /// <summary>The request's step; a delay that is not made of whole numbers is named in <paramref name="formErrors"/>.</summary>
    public SequenceStepRequest ToRequest(string prefix, Dictionary<string, string> formErrors)
    {
        StepChannel? channel = Channel switch { "email" => StepChannel.Email, "sms" => StepChannel.Sms, _ => null };
        string? after = null;
        if (Number(Days) is { } days && Number(Hours) is { } hours && Number(Minutes) is { } minutes && Number(Seconds) is { } seconds)
        {
            after = XmlConvert.ToString(TimeSpan.FromDays(days) + TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(seconds));
        }
        else
        {
            formErrors[prefix + ".after"] = "Use whole numbers of days, hours and minutes, such as 3 days 0 hours.";
        }

        var email = channel != StepChannel.Sms;
        IReadOnlyList<StepVariantRequest?>? variants = Variants.Count == 0 ? null
            : [.. Variants.Select((variant, j) => variant.ToRequest(channel, $"{prefix}.variants[{j}]", formErrors))];
        return new SequenceStepRequest(
            SequenceForm.Blank(Id),
            after,
            channel,
            email ? SequenceForm.Blank(Subject) : null,
            SequenceForm.Blank(Text),
            email ? SequenceForm.Blank(Html) : null,
            variants);
    }

    /// <summary>A blank field is zero; null for anything but a whole number up to ten years of its unit.</summary>
    private static int? Number(string value) =>
        value.Length == 0 ? 0
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 5_256_000 ? number
        : null;
}
