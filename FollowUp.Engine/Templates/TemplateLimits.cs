namespace FollowUp.Engine.Templates;

/// <summary>What one rendering of a template may spend: steps, nesting, the characters it builds and the characters of the part it writes.</summary>
/// <remarks>
/// Each limit is enforced while the template runs, before the memory is taken: a loop stops at its step, a range or a
/// filter that would build more than the budget is refused before it builds it, and the part stops growing at its cap.
/// A follow-up message needs a small fraction of each; together they keep one rendering to a few megabytes.
/// </remarks>
public static class TemplateLimits
{
    /// <summary>The most statements and loop rounds one rendering may run.</summary>
    public const int MaxSteps = 10_000;

    /// <summary>How deep blocks may nest while rendering.</summary>
    public const int MaxRecursion = 20;

    /// <summary>The most characters one rendered part (subject, text or html) may have.</summary>
    public const int MaxPartLength = 100_000;

    /// <summary>The most characters one rendering may build in values: filter results, captured blocks and ranges (each item counts <see cref="ItemCost"/>).</summary>
    public const long MaxBuiltLength = 1_000_000;

    /// <summary>What each item of a list, and each number or other non-text value, counts against <see cref="MaxBuiltLength"/>.</summary>
    public const int ItemCost = 8;
}
