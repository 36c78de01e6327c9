using System.IO.Hashing;
using System.Text;

namespace FollowUp.Engine.Sequences;

/// <summary>Which variant of a step an enrollment gets.</summary>
public static class StepVariants
{
    /// <summary>The fewest variants a step with variants may have.</summary>
    public const int Min = 2;

    /// <summary>The most variants a step may have.</summary>
    public const int Max = 4;

    /// <summary>The largest weight of one variant.</summary>
    public const int MaxWeight = 1000;

    /// <summary>The id of the variant enrollment <paramref name="enrollmentId"/> gets of <paramref name="step"/>, or null when the step has no variants.</summary>
    /// <remarks>
    /// The choice is a pure function of the two ids and the step's variants (their order and weights): XxHash32 of
    /// <c>enrollmentId/stepId</c> picks a point in the summed weights. A retry, a redelivered message, a preview and a
    /// report all get the same answer without storing anything, and the steps of one enrollment are chosen independently.
    /// </remarks>
    public static string? Choose(string enrollmentId, SequenceStep step)
    {
        if (step.Variants.Count == 0)
        {
            return null;
        }

        var share = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes($"{enrollmentId}/{step.Id}")) / 4294967296.0;
        var point = share * step.Variants.Sum(v => v.Weight);
        foreach (var variant in step.Variants)
        {
            point -= variant.Weight;
            if (point < 0)
            {
                return variant.Id;
            }
        }

        return step.Variants[^1].Id;
    }

    /// <summary>The step as enrollment <paramref name="enrollmentId"/> receives it: its variant's parts, or the step itself when it has none.</summary>
    public static SequenceStep For(string enrollmentId, SequenceStep step) =>
        Choose(enrollmentId, step) is { } variant ? step.AsVariant(variant) : step;
}
