using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FollowUp.Tests.Infra;

/// <summary>
/// Evaluates the subset of GitHub Actions expressions that the deploy job's <c>if</c> keeps to: context paths and
/// single-quoted strings compared with <c>==</c> and joined by <c>&amp;&amp;</c>. Anything else throws, so the
/// workflow's condition cannot grow beyond what these tests can check.
/// </summary>
/// <remarks>
/// Comparison follows GitHub's documented rules for these operand kinds: strings compare ignoring case, a missing
/// property is null, and null against a string compares both as numbers (null and '' are 0, other text is NaN).
/// </remarks>
internal static partial class ActionsExpression
{
    /// <summary>Evaluates <paramref name="expression"/>, reading each context path from <paramref name="context"/> (a missing path is null).</summary>
    /// <exception cref="NotSupportedException">The expression uses anything beyond paths, strings, <c>==</c> and <c>&amp;&amp;</c>.</exception>
    public static bool Evaluate(string expression, IReadOnlyDictionary<string, string?> context)
    {
        var text = expression.Trim();
        if (text.StartsWith("${{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal))
        {
            text = text[3..^2];
        }

        return SplitOutsideQuotes(text, "&&").All(term => EvaluateComparison(term, context));
    }

    private static bool EvaluateComparison(string term, IReadOnlyDictionary<string, string?> context)
    {
        var sides = SplitOutsideQuotes(term, "==");
        if (sides.Count != 2)
        {
            throw new NotSupportedException($"Each term must be one comparison with ==: '{term.Trim()}'.");
        }

        return LooseEquals(Operand(sides[0], context), Operand(sides[1], context));
    }

    private static string? Operand(string text, IReadOnlyDictionary<string, string?> context)
    {
        var operand = text.Trim();
        if (operand.Length >= 2 && operand[0] == '\'' && operand[^1] == '\'')
        {
            return operand[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (!ContextPath().IsMatch(operand))
        {
            throw new NotSupportedException($"Only context paths and quoted strings are supported: '{operand}'.");
        }

        return context.TryGetValue(operand, out var value) ? value : null;
    }

    private static bool LooseEquals(string? left, string? right)
    {
        if (left is not null && right is not null)
        {
            return string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
        }

        if (left is null && right is null)
        {
            return true;
        }

        var leftNumber = ToNumber(left);
        var rightNumber = ToNumber(right);
        return leftNumber == rightNumber;
    }

    private static double ToNumber(string? value) => value switch
    {
        null => 0,
        { Length: 0 } => 0,
        _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : double.NaN,
    };

    // Splits on a two-character operator outside single-quoted strings, refusing any other operator character there.
    private static List<string> SplitOutsideQuotes(string text, string separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && string.CompareOrdinal(text, i, separator, 0, separator.Length) == 0)
            {
                parts.Add(current.ToString());
                current.Clear();
                i += separator.Length - 1;
                continue;
            }
            else if (!quoted && "|!()<>[]*,".Contains(c, StringComparison.Ordinal))
            {
                throw new NotSupportedException($"'{c}' is outside the supported subset (paths, strings, ==, &&): '{text.Trim()}'.");
            }

            current.Append(c);
        }

        if (quoted)
        {
            throw new NotSupportedException($"Unterminated string: '{text.Trim()}'.");
        }

        parts.Add(current.ToString());
        return parts;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$")]
    private static partial Regex ContextPath();
}
