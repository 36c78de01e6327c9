using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;

namespace FollowUp.Engine.Templates;

/// <summary>Checks and renders the Liquid templates of sequence steps with Fluid.</summary>
/// <remarks>Parsed templates are cached by their source: sequence versions never change, so the cache only grows with new versions.</remarks>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new(StringComparer.Ordinal);
    private readonly TemplateOptions options = new() { MaxSteps = 100_000, MaxRecursion = 20 };

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

    /// <summary>Renders <paramref name="source"/> over the model; for HTML every value is HTML-escaped.</summary>
    /// <exception cref="InvalidOperationException">The template does not parse (it was checked when the sequence was saved).</exception>
    public async ValueTask<string> RenderAsync(string source, TemplateModel model, bool html)
    {
        var template = parsed.GetOrAdd(source, static s => Parser.TryParse(s, out var t, out var error)
            ? t
            : throw new InvalidOperationException($"The template does not parse: {error}"));
        var context = new TemplateContext(options);
        context.SetValue("contact", model.Contact);
        context.SetValue("data", model.Data);
        if (model.UnsubscribeUrl is { } unsubscribeUrl)
        {
            context.SetValue("unsubscribe_url", unsubscribeUrl);
        }

        return await template.RenderAsync(context, html ? HtmlEncoder.Default : NullEncoder.Default);
    }
}
