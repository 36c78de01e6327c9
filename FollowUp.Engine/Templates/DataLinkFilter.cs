using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace FollowUp.Engine.Templates;

/// <summary>Drops the values of a rendered HTML part that would make a link or a source of another scheme than http, https or mailto (<c>javascript:</c>, <c>data:</c>, <c>vbscript:</c>…).</summary>
/// <remarks>
/// The part is rendered with <see cref="MarkingHtmlEncoder"/>, so each value is marked; AngleSharp parses the part as a
/// browser would (entities decoded, attributes found whatever their quoting) and finds the URL attributes that hold a
/// value. When the template's own text before the first value already fixes the scheme (<c>https://shop.example/?q=</c>,
/// <c>/orders/</c>), the values only fill in the rest. Otherwise the values decide the scheme, and the whole address,
/// with tabs and line breaks removed and outer spaces and control characters trimmed as browsers do, must start with
/// <c>http:</c>, <c>https:</c> or <c>mailto:</c>; if it does not, every value in that attribute is dropped. The template's
/// own text is never changed, and output marked <c>raw</c> bypasses the encoder and this filter, as it bypasses escaping.
/// </remarks>
public static partial class DataLinkFilter
{
    /// <summary>The schemes a link or source made from data may have.</summary>
    public static readonly IReadOnlySet<string> AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" };

    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "src", "action", "formaction", "background", "poster", "cite", "longdesc", "data", "xlink:href", "lowsrc", "dynsrc",
    };

    private static readonly HtmlParser Parser = new();

    private static readonly char[] SpaceOrControl = [.. Enumerable.Range(0, 0x21).Select(c => (char)c)];

    /// <summary>The part without the marks, and without the values that would make a link or source of another scheme.</summary>
    public static string Apply(string marked)
    {
        if (marked.IndexOf(MarkingHtmlEncoder.Open, StringComparison.Ordinal) < 0)
        {
            return marked;
        }

        var dropped = new HashSet<string>(StringComparer.Ordinal);
        using var document = Parser.ParseDocument(marked);
        foreach (var attribute in document.All.SelectMany(element => element.Attributes))
        {
            if (UrlAttributes.Contains(attribute.Name) && attribute.Value.Contains(MarkingHtmlEncoder.Open, StringComparison.Ordinal) && !IsAllowed(attribute.Value))
            {
                dropped.UnionWith(MarkedValue().Matches(attribute.Value).Select(match => match.Groups["id"].Value));
            }
        }

        return MarkedValue().Replace(marked, match => dropped.Contains(match.Groups["id"].Value) ? "" : match.Groups["value"].Value);
    }

    /// <summary>Whether an attribute's value, as parsed with its marks, is a link the template fixed the scheme of, or one of an allowed scheme.</summary>
    private static bool IsAllowed(string value)
    {
        var prefix = AsBrowserReads(value[..value.IndexOf(MarkingHtmlEncoder.Open, StringComparison.Ordinal)]);
        if (Scheme().IsMatch(prefix) || prefix.IndexOfAny(['/', '?', '#']) >= 0)
        {
            return true;
        }

        var scheme = Scheme().Match(AsBrowserReads(MarkedValue().Replace(value, match => match.Groups["value"].Value)));
        return scheme.Success && AllowedSchemes.Contains(scheme.Groups["scheme"].Value);
    }

    /// <summary>The address as a browser reads it: tabs and line breaks removed, leading and trailing spaces and control characters trimmed.</summary>
    private static string AsBrowserReads(string url) =>
        url.Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal)
            .Trim(SpaceOrControl);

    [GeneratedRegex("^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*):", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();

    [GeneratedRegex("\uE000(?<id>[0-9]+)\uE001(?<value>[^\uE002]*)\uE002", RegexOptions.CultureInvariant)]
    private static partial Regex MarkedValue();
}
