using System.Net;
using System.Text;
using FollowUp.Engine.Sources;

namespace FollowUp.Engine.Dashboard.Sources;

/// <summary>The HTML form a business copies into its website: it posts the fields the form receiver reads to the source's delivery address.</summary>
public static class FormSnippet
{
    /// <summary>The form for a source with <paramref name="settings"/> whose deliveries go to <paramref name="deliveryUrl"/>.</summary>
    public static string Html(string deliveryUrl, FormSettings settings)
    {
        var fields = settings.Fields;
        var html = new StringBuilder();
        html.Append("<form action=\"").Append(Encode(deliveryUrl)).Append("\" method=\"post\">\n");
        Field(html, fields.Name, "Your name", "text", "name", required: false);
        Field(html, fields.Email, "Email", "email", "email", required: true);
        Field(html, fields.Phone, "Phone (optional)", "tel", "tel", required: false);
        html.Append("  <!-- Leave this trap for robots empty and hidden: people never see it. -->\n");
        html.Append("  <div style=\"position:absolute;left:-9999px\" aria-hidden=\"true\">\n");
        html.Append("    <input name=\"").Append(Encode(settings.Honeypot)).Append("\" tabindex=\"-1\" autocomplete=\"off\">\n");
        html.Append("  </div>\n");
        html.Append("  <button type=\"submit\">Send</button>\n");
        html.Append("</form>\n");
        return html.ToString();
    }

    private static void Field(StringBuilder html, string name, string label, string type, string autocomplete, bool required)
    {
        var id = "followup-" + name;
        html.Append("  <p>\n");
        html.Append("    <label for=\"").Append(Encode(id)).Append("\">").Append(Encode(label)).Append("</label>\n");
        html.Append("    <input id=\"").Append(Encode(id)).Append("\" name=\"").Append(Encode(name)).Append("\" type=\"").Append(type)
            .Append("\" autocomplete=\"").Append(autocomplete).Append('"').Append(required ? " required" : "").Append(">\n");
        html.Append("  </p>\n");
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
