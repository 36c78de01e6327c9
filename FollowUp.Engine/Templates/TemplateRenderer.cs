using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace FollowUp.Engine.Templates;

/// <summary>Checks and renders the Liquid templates of sequence steps with Fluid, within <see cref="TemplateLimits"/>.</summary>
/// <remarks>
/// Parsed templates are cached by their source: sequence versions never change, so the cache only grows with new versions.
/// Each is cached as rewritten by <see cref="LimitsRewriter"/>, and every filter is wrapped by <see cref="FilterLimits"/>,
/// so a rendering stops at its step limit, its budget of built characters or its part's cap, before it takes the memory.
/// HTML parts render with their own options, in which <c>escape</c>, <c>h</c> and <c>escape_once</c> hand their input to
/// the encoder (which escapes it once, as they would; <c>escape_once</c> first decodes the entities its input has) instead of writing it as already escaped, so that
/// <see cref="DataLinkFilter"/> sees their output as data.
/// </remarks>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, (IFluidTemplate Template, string? Unsupported)> parsed = new(StringComparer.Ordinal);
    private readonly TemplateOptions options = LimitedOptions(html: false);
    private readonly TemplateOptions htmlOptions = LimitedOptions(html: true);

    /// <summary>Returns why the template does not parse, or null when it does.</summary>
    public string? Check(string source)
    {
        if (parsed.ContainsKey(source))
        {
            return null;
        }

        if (!Parser.TryParse(source, out var template, out var error))
        {
            return $"The Liquid template does not parse: {error}";
        }

        var includes = new IncludeFinder();
        includes.VisitTemplate(template);
        var unsupported = includes.Found is { } tag ? $"The {tag} tag is not supported: a step's template cannot load another template." : null;
        parsed.TryAdd(source, (new LimitsRewriter().VisitTemplate(template), unsupported));
        return null;
    }

    /// <summary>Renders <paramref name="source"/> over the model; for HTML every value is HTML-escaped, and values that would make a link or source of another scheme than http, https or mailto are dropped (see <see cref="DataLinkFilter"/>).</summary>
    /// <exception cref="TemplateRenderException">The template does not parse, loads another template (<c>include</c>, <c>render</c>), or fails for this model (an error, or a limit of <see cref="TemplateLimits"/>).</exception>
    public string Render(string source, TemplateModel model, bool html)
    {
        if (Check(source) is { } problem)
        {
            throw new TemplateRenderException(problem);
        }

        var (template, unsupported) = parsed[source];
        if (unsupported is not null)
        {
            throw new TemplateRenderException(unsupported);
        }

        var context = new LimitedTemplateContext(html ? htmlOptions : options);
        context.SetValue("contact", model.Contact);
        context.SetValue("data", model.Data);
        if (model.UnsubscribeUrl is { } unsubscribeUrl)
        {
            context.SetValue("unsubscribe_url", unsubscribeUrl);
        }

        using var output = new StringWriter();
        var written = 0;
        var writer = new CountingWriter(output, n =>
        {
            written += n;
            if (written > TemplateLimits.MaxPartLength)
            {
                throw new TemplateRenderException($"The rendered part is longer than {TemplateLimits.MaxPartLength} characters.");
            }
        });
        try
        {
            // Every tag and filter of these options completes synchronously, as Fluid's own Render relies on.
            var rendering = template.RenderAsync(writer, html ? new MarkingHtmlEncoder() : NullEncoder.Default, context);
            if (!rendering.IsCompletedSuccessfully)
            {
                rendering.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception exception) when (exception is not (TemplateRenderException or OutOfMemoryException))
        {
            throw new TemplateRenderException(Reason(exception), exception);
        }

        return html ? DataLinkFilter.Apply(output.ToString()) : output.ToString();
    }

    /// <summary>Why <paramref name="source"/> fails for <paramref name="model"/>, or null when it renders.</summary>
    public string? Try(string source, TemplateModel model, bool html)
    {
        try
        {
            Render(source, model, html);
            return null;
        }
        catch (TemplateRenderException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>A reason that names the failure without quoting a value, which could be the contact's (.NET's format errors quote their input).</summary>
    private static string Reason(Exception exception) => exception switch
    {
        DivideByZeroException => "The template divides by zero.",
        OverflowException => "A number in the template is out of range.",
        FileNotFoundException => "The template includes another template, which is not supported.",
        InvalidOperationException when exception.Message.StartsWith("The maximum", StringComparison.Ordinal) =>
            $"The template runs more than {TemplateLimits.MaxSteps} steps or nests more than {TemplateLimits.MaxRecursion} levels deep.",
        _ => $"The template fails when rendered ({exception.GetType().Name}).",
    };

    private static TemplateOptions LimitedOptions(bool html)
    {
        var limited = new TemplateOptions { MaxSteps = TemplateLimits.MaxSteps, MaxRecursion = TemplateLimits.MaxRecursion };
        if (html)
        {
            limited.Filters.AddFilter("escape", static (input, _, _) => new ValueTask<FluidValue>(new StringValue(input.ToStringValue())));
            limited.Filters.AddFilter("h", static (input, _, _) => new ValueTask<FluidValue>(new StringValue(input.ToStringValue())));
            limited.Filters.AddFilter("escape_once", static (input, _, _) => new ValueTask<FluidValue>(new StringValue(System.Net.WebUtility.HtmlDecode(input.ToStringValue()))));
        }

        FilterLimits.Apply(limited);
        return limited;
    }
}
