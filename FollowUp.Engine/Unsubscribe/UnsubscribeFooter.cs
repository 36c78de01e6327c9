using System.Text.Encodings.Web;

namespace FollowUp.Engine.Unsubscribe;

/// <summary>Adds the unsubscribe link to an email part that does not show it already.</summary>
/// <remarks>
/// A part counts as showing the link when its rendered text contains it, so a template that names
/// <c>{{ unsubscribe_url }}</c> only in a branch it did not take still gets the footer.
/// </remarks>
public static class UnsubscribeFooter
{
    /// <summary>The plain-text part with <c>Unsubscribe: &lt;link&gt;</c> at its end, unless it shows the link or there is none.</summary>
    public static string AddToText(string text, Uri? link)
    {
        if (link is null || text.Contains(link.AbsoluteUri, StringComparison.Ordinal))
        {
            return text;
        }

        return $"{text.TrimEnd('\r', '\n')}\n\nUnsubscribe: {link.AbsoluteUri}\n";
    }

    /// <summary>The HTML part with a small paragraph linking to the unsubscribe page before <c>&lt;/body&gt;</c> (or at its end), unless it shows the link or there is none.</summary>
    public static string AddToHtml(string html, Uri? link)
    {
        if (link is null)
        {
            return html;
        }

        var href = HtmlEncoder.Default.Encode(link.AbsoluteUri);
        if (html.Contains(href, StringComparison.Ordinal) || html.Contains(link.AbsoluteUri, StringComparison.Ordinal))
        {
            return html;
        }

        var footer = $"<p style=\"margin-top:24px;font-size:12px;color:#6b7280\">Don't want these emails? <a href=\"{href}\">Unsubscribe</a>.</p>";
        var bodyEnd = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return bodyEnd < 0 ? html + footer : html.Insert(bodyEnd, footer);
    }
}
