using System.Text.RegularExpressions;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>A form's errors, each placed beside the field it names or, when the form shows no such field, in the summary at the top.</summary>
public sealed partial class EditorErrors
{
    /// <summary>No errors.</summary>
    public static readonly EditorErrors None = new(new Dictionary<string, string[]>(), []);

    private EditorErrors(IReadOnlyDictionary<string, string[]> beside, IReadOnlyList<(string? Field, string Label, string Message)> summary)
    {
        Beside = beside;
        Summary = summary;
    }

    /// <summary>The errors by the field they are shown beside.</summary>
    public IReadOnlyDictionary<string, string[]> Beside { get; }

    /// <summary>Every error for the summary: the field it is shown beside (null when none), the name the validator gave, and the message.</summary>
    public IReadOnlyList<(string? Field, string Label, string Message)> Summary { get; }

    /// <summary>Whether there are none.</summary>
    public bool IsEmpty => Summary.Count == 0;

    /// <summary>Places <paramref name="errors"/> beside the fields of <paramref name="shown"/>: an error of a field the form shows no input for (<c>holidays[2]</c>, <c>sendWindow.days[0]</c>) goes beside the nearest one that holds it (<c>holidays</c>).</summary>
    public static EditorErrors Place(IEnumerable<KeyValuePair<string, string[]>> errors, IEnumerable<string> shown)
    {
        var fields = shown.ToHashSet(StringComparer.Ordinal);
        var beside = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var summary = new List<(string?, string, string)>();
        foreach (var (name, messages) in errors)
        {
            var field = Nearest(name, fields);
            foreach (var message in messages)
            {
                summary.Add((field, name, message));
                if (field is not null)
                {
                    if (!beside.TryGetValue(field, out var list))
                    {
                        beside[field] = list = [];
                    }

                    list.Add(message);
                }
            }
        }

        return new EditorErrors(beside.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal), summary);
    }

    /// <summary>The field itself, or the nearest field that holds it, dropping an index or a member at a time; null when none is shown.</summary>
    private static string? Nearest(string name, HashSet<string> fields)
    {
        for (var candidate = name; candidate.Length > 0; candidate = Parent().Replace(candidate, "", 1))
        {
            if (fields.Contains(candidate))
            {
                return candidate;
            }

            if (!Parent().IsMatch(candidate))
            {
                break;
            }
        }

        return null;
    }

    /// <summary>The last index (<c>[2]</c>) or member (<c>.days</c>) of a field name.</summary>
    [GeneratedRegex(@"(\[\d+\]|\.[^.\[\]]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Parent();
}
