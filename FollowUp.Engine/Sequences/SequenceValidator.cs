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
                if (ValidateStep(request.Steps[i], $"steps[{i}]", seen, request.SendWindow is not null, errors) is { } step)
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

    private SequenceStep? ValidateStep(SequenceStepRequest? step, string path, HashSet<string> seen, bool sequenceHasWindow, ValidationErrors errors)
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
        var variants = ValidateVariants(step, path, sequenceHasWindow, errors);

        // With variants, a part the step leaves out is each variant's to give; ValidateVariants checks that they do.
        var partsRequired = step.Variants is null;
        if (step.Channel is null)
        {
            errors.Add($"{path}.channel", "Use 'email' or 'sms'.");
        }
        else if (step.Channel == StepChannel.Email)
        {
            CheckTemplate(step.Subject, $"{path}.subject", errors, partsRequired);
            if (partsRequired && string.IsNullOrWhiteSpace(step.Text) && string.IsNullOrWhiteSpace(step.Html))
            {
                errors.Add($"{path}.text", "An email needs a text or an html body.");
            }
            CheckTemplate(step.Text, $"{path}.text", errors);
            CheckTemplate(step.Html, $"{path}.html", errors);
        }
        else
        {
            CheckTemplate(step.Text, $"{path}.text", errors, partsRequired);
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
            ? new SequenceStep(step.Id!, delay, step.Channel!.Value, step.Subject, step.Text, step.Html) { Variants = variants }
            : null;
    }

    /// <summary>Checks a step's <c>variants</c>: two to four, unique ids, weights from 1 to <see cref="StepVariants.MaxWeight"/>, and each variant, with the parts it takes from the step, a whole message of the step's channel.</summary>
    private List<StepVariant> ValidateVariants(SequenceStepRequest step, string path, bool sequenceHasWindow, ValidationErrors errors)
    {
        var variants = new List<StepVariant>();
        if (step.Variants is null)
        {
            return variants;
        }

        if (step.Variants.Count is < StepVariants.Min or > StepVariants.Max)
        {
            errors.Add($"{path}.variants", $"Give {StepVariants.Min} to {StepVariants.Max} variants, or leave variants out.");
            return variants;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < step.Variants.Count; j++)
        {
            var field = $"{path}.variants[{j}]";
            if (step.Variants[j] is not { } variant)
            {
                errors.Add(field, "A variant object is required.");
                continue;
            }

            var id = variant.Id ?? ((char)('a' + j)).ToString();
            if (!Identifiers.IsValid(id))
            {
                errors.Add($"{field}.id", Identifiers.Rule);
            }
            else if (!ids.Add(id))
            {
                errors.Add($"{field}.id", $"Another variant of this step already has the id '{id}'.");
            }

            if (variant.Weight is < 1 or > StepVariants.MaxWeight)
            {
                errors.Add($"{field}.weight", $"Use a whole number from 1 to {StepVariants.MaxWeight}; a variant's share is its weight over the step's total (default 1).");
            }

            var window = step.Channel switch
            {
                StepChannel.Email => ValidateEmailVariant(step, variant, field, sequenceHasWindow, errors),
                StepChannel.Sms => ValidateSmsVariant(step, variant, field, errors),
                _ => null,
            };
            variants.Add(new StepVariant(id, variant.Weight ?? 1, variant.Subject, variant.Text, variant.Html, window));
        }

        return variants;
    }

    private SendWindow? ValidateEmailVariant(SequenceStepRequest step, StepVariantRequest variant, string field, bool sequenceHasWindow, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(variant.Subject ?? step.Subject))
        {
            errors.Add($"{field}.subject", "This template is required, on the variant or on the step.");
        }

        if (string.IsNullOrWhiteSpace(variant.Text ?? step.Text) && string.IsNullOrWhiteSpace(variant.Html ?? step.Html))
        {
            errors.Add($"{field}.text", "An email needs a text or an html body, on the variant or on the step.");
        }

        CheckTemplate(variant.Subject, $"{field}.subject", errors);
        CheckTemplate(variant.Text, $"{field}.text", errors);
        CheckTemplate(variant.Html, $"{field}.html", errors);
        if (variant.SendWindow is null)
        {
            return null;
        }

        if (!sequenceHasWindow)
        {
            errors.Add($"{field}.sendWindow", "A variant's window replaces the sequence's sendWindow, and this sequence has none; set the sequence's first.");
            return null;
        }

        return SendRulesValidator.ValidateWindow(variant.SendWindow, errors, $"{field}.sendWindow");
    }

    private SendWindow? ValidateSmsVariant(SequenceStepRequest step, StepVariantRequest variant, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(variant.Text ?? step.Text))
        {
            errors.Add($"{field}.text", "This template is required, on the variant or on the step.");
        }

        CheckTemplate(variant.Text, $"{field}.text", errors);
        if (variant.Subject is not null)
        {
            errors.Add($"{field}.subject", "An SMS has no subject.");
        }

        if (variant.Html is not null)
        {
            errors.Add($"{field}.html", "An SMS has no html body.");
        }

        if (variant.SendWindow is not null)
        {
            errors.Add($"{field}.sendWindow", "Only an email variant has its own send window; texts follow the sequence's window and quiet hours.");
        }

        return null;
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

    private void CheckTemplate(string? source, string field, ValidationErrors errors, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(source))
        {
            errors.Add(field, "This template is required.");
            return;
        }

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
            var model = TemplateSample.For(step.Channel == StepChannel.Email);
            var failure = RenderFailure($"steps[{i}]", step.Subject, step.Text, step.Html, model);
            for (var j = 0; failure is null && j < step.Variants.Count; j++)
            {
                var variant = step.Variants[j];
                failure = RenderFailure($"steps[{i}].variants[{j}]", variant.Subject, variant.Text, variant.Html, model);
            }

            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    private (string Field, string Reason)? RenderFailure(string path, string? subject, string? text, string? html, TemplateModel model)
    {
        foreach (var (name, source, isHtml) in new[] { ("subject", subject, false), ("text", text, false), ("html", html, true) })
        {
            if (source is not null && templates.Try(source, model, isHtml) is { } failure)
            {
                return ($"{path}.{name}", $"The template fails for a sample contact with empty data: {failure}");
            }
        }

        return null;
    }
}
