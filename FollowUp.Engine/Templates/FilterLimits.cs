using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;

namespace FollowUp.Engine.Templates;

/// <summary>Makes every filter count its result against the rendering's <see cref="RenderBudget"/>, and refuses, before it runs, a filter that would multiply its input past the budget.</summary>
/// <remarks>
/// Most filters build at most a few times what they are given, so counting their result is enough. Three kinds can build
/// far more in one call and are checked first: <c>replace</c> (each match gets the replacement), <c>join</c> (a separator
/// between every item) and <c>format_string</c> (each placeholder gets an argument); and the number and date formats
/// refuse a width or precision of four digits, which .NET would fill with up to a billion characters.
/// </remarks>
public static partial class FilterLimits
{
    private static readonly HashSet<string> Formats = new(StringComparer.Ordinal) { "format_number", "format_date", "date", "format_string" };

    /// <summary>Wraps each filter of <paramref name="options"/>; call it after every filter is added.</summary>
    public static void Apply(TemplateOptions options)
    {
        foreach (var (name, filter) in options.Filters.ToList())
        {
            options.Filters.AddFilter(name, Limited(name, filter));
        }
    }

    private static FilterDelegate Limited(string name, FilterDelegate filter) => async (input, arguments, context) =>
    {
        var budget = LimitedTemplateContext.BudgetOf(context);
        budget.Ensure(Expected(name, input, arguments, budget.Remaining));
        var result = await filter(input, arguments, context);
        budget.Charge(RenderBudget.SizeOf(result, budget.Remaining));
        return result;
    };

    /// <summary>The least the filter would build, for those that can multiply their input; 0 for the others.</summary>
    private static long Expected(string name, FluidValue input, FilterArguments arguments, long limit)
    {
        if (Formats.Contains(name) && arguments.Values.Any(argument => LargeNumber().IsMatch(argument.ToStringValue())))
        {
            throw new TemplateRenderException($"A {name} format has a width or precision above 999.");
        }

        switch (name)
        {
            case "replace" when arguments.Count >= 2:
                var pattern = arguments.At(0).ToStringValue();
                var growth = (long)arguments.At(1).ToStringValue().Length - pattern.Length;
                return pattern.Length == 0 || growth <= 0 ? 0 : Occurrences(input.ToStringValue(), pattern) * growth;
            case "join" when input is ArrayValue list && list.Values.Count > 1:
                return RenderBudget.SizeOf(list, limit) + (list.Values.Count - 1L) * (arguments.Count > 0 ? arguments.At(0).ToStringValue().Length : 1);
            case "format_string":
                var placeholders = input.ToStringValue().Count(c => c == '{');
                return placeholders * arguments.Values.Sum(argument => RenderBudget.SizeOf(argument, limit));
            default:
                return 0;
        }
    }

    private static long Occurrences(string text, string pattern)
    {
        long count = 0;
        for (var at = text.IndexOf(pattern, StringComparison.Ordinal); at >= 0; at = text.IndexOf(pattern, at + pattern.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex("[0-9]{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex LargeNumber();
}
