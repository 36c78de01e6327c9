using System.Globalization;
using System.Text.Json;
using System.Xml;
using FollowUp.Engine.Notifications;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timing;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>A sequence as the editor's form holds it: every field of <see cref="SequenceRequest"/>, as typed, so a form sent back with errors shows what was typed.</summary>
/// <remarks>Its inputs are named after the fields the validator names (<c>steps[1].subject</c>), so each error finds its input.</remarks>
public sealed class SequenceForm
{
    /// <summary>The sequence's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The steps in sending order.</summary>
    public List<StepForm> Steps { get; set; } = [];

    /// <summary>Whether a reply halts an enrollment.</summary>
    public bool StopOnReply { get; set; } = true;

    /// <summary>The events that halt an enrollment, separated by commas.</summary>
    public string StopEvents { get; set; } = "";

    /// <summary><c>never</c>, <c>after-completion</c> or <c>always</c>.</summary>
    public string Reenroll { get; set; } = "after-completion";

    /// <summary>The sequence a contact is enrolled into on completion, or blank.</summary>
    public string OnComplete { get; set; } = "";

    /// <summary>The sequence's time zone, or blank for the setting.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>The send window.</summary>
    public WindowForm Window { get; set; } = new();

    /// <summary><c>default</c> (the setting), <c>off</c> or <c>custom</c>.</summary>
    public string QuietMode { get; set; } = "default";

    /// <summary>The start of custom SMS quiet hours.</summary>
    public string QuietStart { get; set; } = "21:00";

    /// <summary>The end of custom SMS quiet hours.</summary>
    public string QuietEnd { get; set; } = "08:00";

    /// <summary>The holidays, as ISO dates separated by commas.</summary>
    public string Holidays { get; set; } = "";

    /// <summary>The spread in minutes (or an ISO duration), or blank for the setting.</summary>
    public string Spread { get; set; } = "";

    /// <summary>The addresses that hear of replies, separated by commas, or blank for the setting.</summary>
    public string Notify { get; set; } = "";

    /// <summary>Whether links of emails are tracked.</summary>
    public bool TrackClicks { get; set; }

    /// <summary>The form of a request (a stored version, a template, or JSON typed by hand).</summary>
    public static SequenceForm From(SequenceRequest request)
    {
        var form = new SequenceForm
        {
            Name = request.Name ?? "",
            Steps = [.. (request.Steps ?? []).Select(StepForm.From)],
            StopOnReply = request.StopOn?.Reply ?? true,
            StopEvents = string.Join(", ", (request.StopOn?.Events ?? []).OfType<string>()),
            Reenroll = JsonNamingOf(request.Reenroll ?? ReenrollPolicy.AfterCompletion),
            OnComplete = request.OnComplete?.Enroll ?? "",
            TimeZone = request.TimeZone ?? "",
            Window = WindowForm.From(request.SendWindow),
            Holidays = string.Join(", ", (request.Holidays ?? []).OfType<string>()),
            Notify = request.Notify?.Read().Addresses is { } addresses ? string.Join(", ", addresses) : "",
            TrackClicks = request.TrackClicks ?? false,
        };
        if (request.SmsQuietHours is { } quiet)
        {
            var hours = QuietHours.Parse(quiet);
            form.QuietMode = hours == QuietHours.Off ? "off" : "custom";
            if (hours is not null && hours != QuietHours.Off)
            {
                (form.QuietStart, form.QuietEnd) = (TimeText.Format(hours.Start), TimeText.Format(hours.End));
            }
        }

        if (request.Spread is { } spread)
        {
            form.Spread = spread;
            try
            {
                var value = XmlConvert.ToTimeSpan(spread);
                if (value.Ticks % TimeSpan.TicksPerMinute == 0)
                {
                    form.Spread = ((long)value.TotalMinutes).ToString(CultureInfo.InvariantCulture);
                }
            }
            catch (Exception exception) when (exception is FormatException or OverflowException)
            {
                form.Spread = spread;
            }
        }

        return form;
    }

    /// <summary>Reads the posted form.</summary>
    public static SequenceForm Read(IFormCollection form)
    {
        var sequence = new SequenceForm
        {
            Name = Text(form, "name").Trim(),
            StopOnReply = form["stopOn.reply"].Contains("true"),
            StopEvents = Text(form, "stopOn.events").Trim(),
            Reenroll = Text(form, "reenroll").Trim(),
            OnComplete = Text(form, "onComplete.enroll").Trim(),
            TimeZone = Text(form, "timeZone").Trim(),
            Window = WindowForm.Read(form, "sendWindow"),
            QuietMode = Text(form, "smsQuietHours").Trim(),
            QuietStart = Text(form, "smsQuietHours.start").Trim(),
            QuietEnd = Text(form, "smsQuietHours.end").Trim(),
            Holidays = Text(form, "holidays").Trim(),
            Spread = Text(form, "spread").Trim(),
            Notify = Text(form, "notify.email").Trim(),
            TrackClicks = form["trackClicks"].Contains("true"),
        };
        for (var i = 0; form.ContainsKey($"steps[{i}].id"); i++)
        {
            sequence.Steps.Add(StepForm.Read(form, $"steps[{i}]"));
        }

        return sequence;
    }

    /// <summary>The request the API would take; what the form itself cannot read (a delay that is not a number) goes in <paramref name="formErrors"/> by field.</summary>
    public SequenceRequest ToRequest(Dictionary<string, string> formErrors)
    {
        var events = List(StopEvents);
        var holidays = List(Holidays);
        ReenrollPolicy? reenroll = Enum.GetValues<ReenrollPolicy>().Cast<ReenrollPolicy?>().FirstOrDefault(p => JsonNamingOf(p!.Value) == Reenroll);
        if (reenroll is null)
        {
            formErrors["reenroll"] = "Choose one of the options.";
        }

        var spread = long.TryParse(Spread, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes <= 100_000
            ? XmlConvert.ToString(TimeSpan.FromMinutes(minutes))
            : Blank(Spread);
        return new SequenceRequest(
            Blank(Name),
            [.. Steps.Select((step, i) => step.ToRequest($"steps[{i}]", formErrors))],
            new StopRulesRequest(StopOnReply, events.Count == 0 ? null : events),
            reenroll,
            Blank(OnComplete) is { } next ? new OnCompleteRequest(next) : null,
            Blank(TimeZone),
            Window.ToRequest(),
            QuietMode switch { "off" => QuietHours.OffText, "custom" => $"{QuietStart}-{QuietEnd}", _ => null },
            holidays.Count == 0 ? null : holidays,
            spread,
            Blank(Notify) is { } notify ? new NotifyRequest(JsonSerializer.SerializeToElement(notify)) : null,
            TrackClicks ? true : null);
    }

    /// <summary>Applies one of the editor's buttons that change the form's shape (<c>add-step</c>, <c>remove-step:1</c>, <c>up:1</c>, <c>down:1</c>, <c>add-variant:1</c>, <c>remove-variant:1:0</c>, <c>channel:1</c>); false when <paramref name="action"/> is none of them.</summary>
    public bool Apply(string action)
    {
        var parts = action.Split(':');
        var i = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < Steps.Count ? index : -1;
        switch (parts[0])
        {
            case "add-step":
                Steps.Add(new StepForm { Id = NewStepId(), Days = Steps.Count == 0 ? "0" : "2" });
                return true;
            case "remove-step" when i >= 0:
                Steps.RemoveAt(i);
                return true;
            case "up" when i > 0:
                (Steps[i - 1], Steps[i]) = (Steps[i], Steps[i - 1]);
                return true;
            case "down" when i >= 0 && i < Steps.Count - 1:
                (Steps[i + 1], Steps[i]) = (Steps[i], Steps[i + 1]);
                return true;
            case "channel" when i >= 0:
                return true;
            case "add-variant" when i >= 0:
                AddVariant(Steps[i]);
                return true;
            case "remove-variant" when i >= 0 && parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var j) && j < Steps[i].Variants.Count:
                RemoveVariant(Steps[i], j);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The names of the fields the editor shows an input (or a group of inputs) for, which errors are shown beside.</summary>
    public IEnumerable<string> FieldNames()
    {
        string[] own = ["id", "name", "steps", "stopOn.events", "reenroll", "onComplete.enroll", "timeZone", "sendWindow", "sendWindow.days", "sendWindow.start", "sendWindow.end", "smsQuietHours", "holidays", "spread", "notify.email", "trackClicks"];
        foreach (var name in own)
        {
            yield return name;
        }

        for (var i = 0; i < Steps.Count; i++)
        {
            foreach (var part in new[] { "", ".id", ".after", ".channel", ".subject", ".text", ".html", ".variants" })
            {
                yield return $"steps[{i}]{part}";
            }

            for (var j = 0; j < Steps[i].Variants.Count; j++)
            {
                foreach (var part in new[] { "", ".id", ".weight", ".subject", ".text", ".html", ".sendWindow", ".sendWindow.days", ".sendWindow.start", ".sendWindow.end" })
                {
                    yield return $"steps[{i}].variants[{j}]{part}";
                }
            }
        }
    }

    /// <summary>A posted field as typed, or empty.</summary>
    internal static string Text(IFormCollection form, string name) => form[name].FirstOrDefault() ?? "";

    /// <summary>Null for a blank field.</summary>
    internal static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static List<string?> List(string text) =>
        [.. text.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string JsonNamingOf(ReenrollPolicy policy) => JsonSerializer.Serialize(policy, Http.FollowUpJson.Options).Trim('"');

    private string NewStepId()
    {
        for (var n = Steps.Count + 1; ; n++)
        {
            var id = "step-" + n.ToString(CultureInfo.InvariantCulture);
            if (Steps.All(step => step.Id != id))
            {
                return id;
            }
        }
    }

    private static void AddVariant(StepForm step)
    {
        if (step.Variants.Count == 0)
        {
            step.Variants.Add(new VariantForm { Id = "a" });
            step.Variants.Add(new VariantForm { Id = "b" });
            return;
        }

        if (step.Variants.Count < StepVariants.Max)
        {
            var id = Enumerable.Range('a', 26).Select(c => ((char)c).ToString()).First(candidate => step.Variants.All(v => v.Id != candidate));
            step.Variants.Add(new VariantForm { Id = id });
        }
    }

    /// <summary>Removes a variant; the last one left becomes the step itself, its parts in place of the step's.</summary>
    private static void RemoveVariant(StepForm step, int index)
    {
        step.Variants.RemoveAt(index);
        if (step.Variants.Count == 1)
        {
            var last = step.Variants[0];
            step.Subject = last.Subject.Length > 0 ? last.Subject : step.Subject;
            step.Text = last.Text.Length > 0 ? last.Text : step.Text;
            step.Html = last.Html.Length > 0 ? last.Html : step.Html;
            step.Variants.Clear();
        }
    }
}
