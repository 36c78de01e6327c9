using System.Globalization;
using System.Text.RegularExpressions;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>The validator's names of fields in words for the error summary: <c>steps[1].variants[0].subject</c> → "Step 2, variant 1, subject".</summary>
public static partial class FieldWords
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["id"] = "id", ["name"] = "name", ["steps"] = "steps", ["after"] = "wait", ["channel"] = "send as", ["subject"] = "subject",
        ["text"] = "message", ["html"] = "HTML", ["weight"] = "weight", ["sendWindow"] = "send window", ["days"] = "days",
        ["start"] = "from", ["end"] = "until", ["stopOn"] = "stop", ["events"] = "events", ["reenroll"] = "enrolled before",
        ["onComplete"] = "when done", ["enroll"] = "next sequence", ["timeZone"] = "time zone", ["smsQuietHours"] = "quiet hours",
        ["holidays"] = "days off", ["spread"] = "spread", ["notify"] = "replies", ["email"] = "email", ["trackClicks"] = "count clicks",
        ["contact"] = "sample contact", ["firstName"] = "first name", ["phone"] = "phone", ["data"] = "sample data", ["$"] = "JSON",
    };

    /// <summary>The field in words, capitalised.</summary>
    public static string Describe(string field)
    {
        var parts = Part().Matches(field).Select(match => match.Groups["name"].Value switch
        {
            "steps" when match.Groups["index"].Success => "step " + Number(match),
            "variants" when match.Groups["index"].Success => "variant " + Number(match),
            var name => (Words.TryGetValue(name, out var words) ? words : name) + (match.Groups["index"].Success ? " " + Number(match) : ""),
        }).ToList();
        var text = parts.Count == 0 ? field : string.Join(", ", parts);
        return text.Length == 0 ? field : char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static string Number(Match match) =>
        (int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<name>[^.\[\]]+)(\[(?<index>\d+)\])?", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
