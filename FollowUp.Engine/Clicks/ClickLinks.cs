using System.Text.RegularExpressions;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Signing;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Clicks;

/// <summary>Rewrites the links of a rendered email part to signed redirects on <c>FollowUp:PublicBaseUrl</c> (<c>/api/r/{token}</c>), and reads a redirect's token back.</summary>
/// <remarks>
/// <para>Only absolute http and https addresses are rewritten: the <c>href</c> of each <c>&lt;a&gt;</c> of an HTML part, as
/// AngleSharp reads it (entities decoded, whatever the quoting), and each address in a text part. Relative links, anchors,
/// <c>mailto:</c>, <c>tel:</c>, addresses longer than <see cref="MaxUrlLength"/> and every link on the app's own public
/// address (the unsubscribe and confirmation links, the redirects themselves) are left as they are.</para>
/// <para>The token signs the enrollment id, the step id, the link's position and the original address, so the redirect
/// needs no storage to know where to go, a retried send makes the same links, and a forged or altered token redirects
/// nowhere. The address is in the token because it is in the email already; the timeline keeps only its host.</para>
/// </remarks>
public sealed partial class ClickLinks(IOptions<FollowUpOptions> options, TokenSigner signer)
{
    /// <summary>The <see cref="TokenSigner"/> purpose of click tokens, so that no other token serves as one.</summary>
    public const string Purpose = "click";

    /// <summary>The longest address that is rewritten; longer ones would make a redirect longer than some proxies accept.</summary>
    public const int MaxUrlLength = 1500;

    private const char Separator = ' ';

    private static readonly char[] TrailingPunctuation = ['.', ',', ';', ':', '!', '?', ')', '\''];

    private static readonly HtmlParser Parser = new();

    private static readonly char[] SpaceOrControl = [.. Enumerable.Range(0, 0x21).Select(c => (char)c)];

    /// <summary>The HTML part with each trackable <c>&lt;a href&gt;</c> pointing at its redirect; unchanged when none is trackable or there is no public base address.</summary>
    /// <remarks>A part that is a whole document (a doctype, <c>html</c>, <c>head</c> or <c>body</c> tag) is parsed and written back as one; any other as a fragment.</remarks>
    public string RewriteHtml(string html, string enrollmentId, string stepId)
    {
        if (options.Value.PublicBaseUrl is null)
        {
            return html;
        }

        var whole = WholeDocument().IsMatch(html);
        using var document = Parser.ParseDocument(whole ? html : "");
        var root = whole ? document.DocumentElement : document.CreateElement("div");
        if (!whole)
        {
            root.InnerHtml = html;
        }

        var count = 0;
        foreach (var anchor in root.QuerySelectorAll("a[href]"))
        {
            if (Trackable(anchor.GetAttribute("href")) is { } url)
            {
                anchor.SetAttribute("href", Redirect(enrollmentId, stepId, $"h{++count}", url));
            }
        }

        return count == 0 ? html : whole ? document.ToHtml() : root.InnerHtml;
    }

    /// <summary>The text part with each trackable http(s) address replaced by its redirect; unchanged when there is no public base address.</summary>
    public string RewriteText(string text, string enrollmentId, string stepId)
    {
        if (options.Value.PublicBaseUrl is null)
        {
            return text;
        }

        var count = 0;
        return TextUrl().Replace(text, match =>
        {
            var (address, trailing) = SplitTrailing(match.Value);
            return Trackable(address) is { } url ? Redirect(enrollmentId, stepId, $"t{++count}", url) + trailing : match.Value;
        });
    }

    /// <summary>How many links of the parts would be rewritten, for a preview that shows the original addresses.</summary>
    public int CountTracked(string? html, string? text)
    {
        if (options.Value.PublicBaseUrl is null)
        {
            return 0;
        }

        var inText = text is null ? 0 : TextUrl().Matches(text).Count(match => Trackable(SplitTrailing(match.Value).Address) is not null);
        if (html is null)
        {
            return inText;
        }

        using var document = Parser.ParseDocument(html);
        return inText + document.QuerySelectorAll("a[href]").Count(anchor => Trackable(anchor.GetAttribute("href")) is not null);
    }

    /// <summary>Reads a token made for a redirect; false when it is malformed, forged, altered or made for another purpose.</summary>
    /// <remarks>Punctuation after the token (a text part's sentence ending that a mail client took into the link) is ignored: a token never ends with it.</remarks>
    public bool TryRead(string? token, out ClickLink link)
    {
        link = new ClickLink("", "", "", new Uri("https://invalid.example/"));
        if (!signer.TryVerify(Purpose, token?.TrimEnd(TrailingPunctuation), out var value)
            || value.Split(Separator, 4) is not [var enrollmentId, var stepId, var position, var address]
            || !EnrollmentId.TryGetContactId(enrollmentId, out _) || !Identifiers.IsValid(stepId) || !PositionPattern().IsMatch(position)
            || !Uri.TryCreate(address, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        link = new ClickLink(enrollmentId, stepId, position, url);
        return true;
    }

    private string Redirect(string enrollmentId, string stepId, string position, Uri url) =>
        $"{options.Value.PublicBaseUrl!.AbsoluteUri.TrimEnd('/')}/{FollowUpRoutes.Prefix}/"
        + FollowUpRoutes.Click.Replace("{token}", signer.Sign(Purpose, string.Join(Separator, enrollmentId, stepId, position, url.AbsoluteUri)), StringComparison.Ordinal);

    /// <summary>The address of a link as a browser reads it, when it is one to track: absolute http(s), not too long, not on the app's own address.</summary>
    private Uri? Trackable(string? href)
    {
        var address = href?.Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Trim(SpaceOrControl);
        if (address is null || address.Length > MaxUrlLength || !Uri.TryCreate(address, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.AbsoluteUri.Length > MaxUrlLength)
        {
            return null;
        }

        var own = options.Value.PublicBaseUrl!.AbsoluteUri.TrimEnd('/') + "/";
        return url.AbsoluteUri.StartsWith(own, StringComparison.OrdinalIgnoreCase) ? null : url;
    }

    /// <summary>An address found in text without the punctuation that ends its sentence, or a closing parenthesis it does not open.</summary>
    private static (string Address, string Trailing) SplitTrailing(string found)
    {
        var end = found.Length;
        while (end > 0)
        {
            var last = found[end - 1];
            var unbalanced = last == ')' && found[..end].Count(c => c == ')') > found[..end].Count(c => c == '(');
            if (!unbalanced && (last == ')' || !TrailingPunctuation.Contains(last)))
            {
                break;
            }

            end--;
        }

        return (found[..end], found[end..]);
    }

    [GeneratedRegex(@"<(!doctype|html|head|body)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeDocument();

    [GeneratedRegex(@"\bhttps?://[^\s<>""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TextUrl();

    [GeneratedRegex("^[ht][1-9][0-9]{0,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPattern();
}
