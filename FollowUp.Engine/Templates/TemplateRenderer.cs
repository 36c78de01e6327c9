using System.Collections.Concurrent;
using Fluid;
using Fluid.Values;

namespace FollowUp.Engine.Templates;

/// <summary>Checks and renders the Liquid templates of sequence steps with Fluid.</summary>
/// <remarks>
/// Parsed templates are cached by their source: sequence versions never change, so the cache only grows with new versions.
/// HTML parts render with their own options, in which <c>escape</c>, <c>h</c> and <c>escape_once</c> hand their input to
/// the encoder (which escapes it once, as they would; <c>escape_once</c> first decodes the entities its input has) instead of writing it as already escaped, so that
/// <see cref="DataLinkFilter"/> sees their output as data.
/// </remarks>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new(StringComparer.Ordinal);
    private readonly TemplateOptions options = new() { MaxSteps = 100_000, MaxRecursion = 20 };
    private readonly TemplateOptions htmlOptions = HtmlOptions();

    /// <summary>Returns why the template does not parse, or null when it does.</summary>
    public string? Check(string source)
    {
        if (parsed.ContainsKey(source))
        {
            return null;
        }

        if (!Parser.TryParse(source, out var template, out var error))
        {
            return error;
        }

        parsed.TryAdd(source, template);
        return null;
    }

    /// <summary>Renders <paramref name="source"/> over the model; for HTML every value is HTML-escaped, and values that would make a link or source of another scheme than http, https or mailto are dropped (see <see cref="DataLinkFilter"/>).</summary>
    /// <exception cref="InvalidOperationException">The template does not parse (it was checked when the sequence was saved).</exception>
    public async ValueTask<string> RenderAsync(string source, TemplateModel model, bool html)
    {
        var template = parsed.GetOrAdd(source, static s => Parser.TryParse(s, out var t, out var error)
            ? t
            : throw new InvalidOperationException($"The template does not parse: {error}"));
        var context = new TemplateContext(html ? htmlOptions : options);
        context.SetValue("contact", model.Contact);
        context.SetValue("data", model.Data);
        if (model.UnsubscribeUrl is { } unsubscribeUrl)
        {
            context.SetValue("unsubscribe_url", unsubscribeUrl);
        }

        return html
            ? DataLinkFilter.Apply(await template.RenderAsync(context, new MarkingHtmlEncoder()))
            : await template.RenderAsync(context, NullEncoder.Default);
    }

    private static TemplateOptions HtmlOptions()
    {
        var html = new TemplateOptions { MaxSteps = 100_000, MaxRecursion = 20 };
        html.Filters.AddFilter("escape", static (input, _, _) => new ValueTask<FluidValue>(new StringValue(input.ToStringValue())));
        html.Filters.AddFilter("h", static (input, _, _) => new ValueTask<FluidValue>(new StringValue(input.ToStringValue())));
        html.Filters.AddFilter("escape_once", static (input, _, _) => new ValueTask<FluidValue>(new StringValue(System.Net.WebUtility.HtmlDecode(input.ToStringValue()))));

        return html;
    }
}
