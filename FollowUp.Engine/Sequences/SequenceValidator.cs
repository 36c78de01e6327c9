using System.Xml;
using FollowUp.Engine.Http;
using FollowUp.Engine.Templates;
using FollowUp.Engine.Timing;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Sequences;

/// <summary>Turns a <see cref="SequenceRequest"/> into a <see cref="Sequence"/>, naming every invalid field.</summary>
public sealed class SequenceValidator(TemplateRenderer templates, IOptions<FollowUpOptions> options)
{
    /// <summary>The longest delay between two steps.</summary>
    public static readonly TimeSpan MaxAfter = TimeSpan.FromDays(366);

    /// <summary>The most sequences an <c>onComplete</c> chain may pass through.</summary>
    public const int MaxChainLength = 20;

    /// <summary>The most steps a sequence may have.</summary>
    public const int MaxSteps = 50;

    /// <summary>Validates the request; the sequence has version 0 until it is stored.</summary>
    public Sequence? Validate(string id, SequenceRequest request, DateTimeOffset now, ValidationErrors errors)
    {
        if (!Identifiers.IsValid(id))
        {
            errors.Add("id", Identifiers.Rule);
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "A name is required.");
        }
        else if (request.Name.Length > 200)
        {
            errors.Add("name", "Use at most 200 characters.");
        }

        var steps = new List<SequenceStep>();
        if (request.Steps is null || request.Steps.Count == 0)
        {
            errors.Add("steps", "At least one step is required.");
        }
        else if (request.Steps.Count > MaxSteps)
        {
            errors.Add("steps", $"Use at most {MaxSteps} steps.");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < request.Steps.Count; i++)
            {
                if (ValidateStep(request.Steps[i], $"steps[{i}]", seen, errors) is { } step)
                {
                    steps.Add(step);
                }
            }
        }

        var events = ValidateStopEvents(request.StopOn?.Events, errors);
        var onCompleteEnroll = ValidateOnComplete(id, request.OnComplete, errors);
        var timing = SendRulesValidator.Validate(request, QuietHours.Parse(options.Value.Sms.QuietHours) ?? QuietHours.Off, errors);
        var (notify, notifyError) = request.Notify?.Read() ?? (null, null);
        if (notifyError is not null)
        {
            errors.Add("notify.email", notifyError);
        }

        if (request.TrackClicks == true && options.Value.PublicBaseUrl is null)
        {
            errors.Add("trackClicks", "Tracking clicks needs FollowUp:PublicBaseUrl, the address the links redirect through.");
        }

        return errors.IsEmpty
            ? new Sequence(id, 0, request.Name!.Trim(), steps, new StopRules(request.StopOn?.Reply ?? true, events), now, request.Reenroll ?? ReenrollPolicy.AfterCompletion, onCompleteEnroll, timing)
            {
                NotifyEmail = notify,
                TrackClicks = request.TrackClicks ?? false,
            }
            : null;
    }

    /// <summary>Checks the shape of <c>onComplete</c>; whether its sequence exists is checked when the sequence is saved.</summary>
    private static string? ValidateOnComplete(string id, OnCompleteRequest? onComplete, ValidationErrors errors)
    {
        if (onComplete is null)
        {
            return null;
        }

        if (!Identifiers.IsValid(onComplete.Enroll))
        {
            errors.Add("onComplete.enroll", "The id of the sequence to enroll into: " + Identifiers.Rule);
            return null;
        }

        if (onComplete.Enroll == id)
        {
            errors.Add("onComplete.enroll", "A sequence cannot enroll into itself on completion.");
            return null;
        }

        return onComplete.Enroll;
    }

    /// <summary>The most events that may halt a sequence.</summary>
    public const int MaxStopEvents = 20;

    private static List<string> ValidateStopEvents(IReadOnlyList<string?>? events, ValidationErrors errors)
    {
        var valid = new List<string>();
        if (events is not null && events.Count > MaxStopEvents)
        {
            errors.Add("stopOn.events", $"Use at most {MaxStopEvents} events.");
            return valid;
        }

        for (var i = 0; events is not null && i < events.Count; i++)
        {
            if (!Identifiers.IsValid(events[i]))
            {
                errors.Add($"stopOn.events[{i}]", "An event name: " + Identifiers.Rule);
            }
            else if (valid.Contains(events[i]!))
            {
                errors.Add($"stopOn.events[{i}]", $"'{events[i]}' is listed twice.");
            }
            else
            {
                valid.Add(events[i]!);
            }
        }

        return valid;
    }

    private SequenceStep? ValidateStep(SequenceStepRequest? step, string path, HashSet<string> seen, ValidationErrors errors)
    {
        if (step is null)
        {
            errors.Add(path, "A step object is required.");
            return null;
        }

        var before = errors.Count;
        if (!Identifiers.IsValid(step.Id))
        {
            errors.Add($"{path}.id", Identifiers.Rule);
        }
        else if (!seen.Add(step.Id!))
        {
            errors.Add($"{path}.id", $"Another step already has the id '{step.Id}'.");
        }

        var after = ParseDuration(step.After, $"{path}.after", errors);
        if (step.Channel is null)
        {
            errors.Add($"{path}.channel", "Use 'email' or 'sms'.");
        }
        else if (step.Channel == StepChannel.Email)
        {
            RequireTemplate(step.Subject, $"{path}.subject", errors);
            if (string.IsNullOrWhiteSpace(step.Text) && string.IsNullOrWhiteSpace(step.Html))
            {
                errors.Add($"{path}.text", "An email needs a text or an html body.");
            }
            CheckTemplate(step.Text, $"{path}.text", errors);
            CheckTemplate(step.Html, $"{path}.html", errors);
        }
        else
        {
            RequireTemplate(step.Text, $"{path}.text", errors);
            if (step.Subject is not null)
            {
                errors.Add($"{path}.subject", "An SMS has no subject.");
            }
            if (step.Html is not null)
            {
                errors.Add($"{path}.html", "An SMS has no html body.");
            }
        }

        return errors.Count == before && after is { } delay
            ? new SequenceStep(step.Id!, delay, step.Channel!.Value, step.Subject, step.Text, step.Html)
            : null;
    }

    private static TimeSpan? ParseDuration(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "An ISO 8601 duration is required, such as PT1H, P3D or PT30S.");
            return null;
        }

        TimeSpan duration;
        try
        {
            duration = XmlConvert.ToTimeSpan(value);
        }
        catch (FormatException)
        {
            errors.Add(field, $"'{value}' is not an ISO 8601 duration; use a form such as PT1H, P3D or PT30S.");
            return null;
        }
        catch (OverflowException)
        {
            errors.Add(field, $"Use at most {MaxAfter.TotalDays} days.");
            return null;
        }

        if (duration < TimeSpan.Zero)
        {
            errors.Add(field, "The duration cannot be negative.");
            return null;
        }

        if (duration > MaxAfter)
        {
            errors.Add(field, $"Use at most {MaxAfter.TotalDays} days.");
            return null;
        }

        return duration;
    }

    private void RequireTemplate(string? source, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            errors.Add(field, "This template is required.");
            return;
        }

        CheckTemplate(source, field, errors);
    }

    private void CheckTemplate(string? source, string field, ValidationErrors errors)
    {
        if (source is not null && templates.Check(source) is { } error)
        {
            errors.Add(field, error);
        }
    }

    /// <summary>Renders every template of a validated sequence as its steps would be when due, for <see cref="TemplateSample"/>: the first field whose template fails (a limit of <see cref="TemplateLimits"/>, an error, an <c>include</c>), with why; null when all render.</summary>
    public (string Field, string Reason)? FirstRenderFailure(Sequence sequence)
    {
        for (var i = 0; i < sequence.Steps.Count; i++)
        {
            var step = sequence.Steps[i];
            var email = step.Channel == StepChannel.Email;
            var model = TemplateSample.For(email);
            var parts = new (string Name, string? Source, bool Html)[] { ("subject", step.Subject, false), ("text", step.Text, false), ("html", step.Html, true) };
            foreach (var (name, source, html) in parts)
            {
                if (source is not null && templates.Try(source, model, html) is { } failure)
                {
                    return ($"steps[{i}].{name}", $"The template fails for a sample contact with empty data: {failure}");
                }
            }
        }

        return null;
    }
}
