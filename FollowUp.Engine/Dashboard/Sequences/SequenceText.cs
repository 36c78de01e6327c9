using System.Globalization;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>Sequences in plain words: "3 emails and 1 text over 14 days", "12% (6 of 50)", "after 3 days".</summary>
public static class SequenceText
{
    /// <summary>How many emails and texts a sequence sends, over how long.</summary>
    public static string Outline(Sequence sequence)
    {
        var emails = sequence.Steps.Count(step => step.Channel == StepChannel.Email);
        var texts = sequence.Steps.Count - emails;
        var parts = new List<string>(2);
        if (emails > 0)
        {
            parts.Add(Count(emails, "email"));
        }

        if (texts > 0)
        {
            parts.Add(Count(texts, "text"));
        }

        var span = sequence.Steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.After);
        return string.Join(" and ", parts) + (span >= TimeSpan.FromDays(1) ? " over " + Count((int)Math.Round(span.TotalDays), "day") : "");
    }

    /// <summary>The reply rate with its counts, or a dash before anyone enrolled.</summary>
    public static string Rate(SequenceTotals totals) =>
        totals.ReplyRate is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{rate:0%} ({totals.Replied:N0} of {totals.Enrolled:N0})")
            : "—";

    /// <summary>"right away", "after 3 days and 4 hours": a step's delay after the one before it.</summary>
    public static string Delay(TimeSpan after, bool first)
    {
        if (after == TimeSpan.Zero)
        {
            return first ? "Right away" : "Together with the step before";
        }

        var parts = new List<string>(4);
        if (after.Days > 0)
        {
            parts.Add(Count(after.Days, "day"));
        }

        if (after.Hours > 0)
        {
            parts.Add(Count(after.Hours, "hour"));
        }

        if (after.Minutes > 0)
        {
            parts.Add(Count(after.Minutes, "minute"));
        }

        if (after.Seconds > 0)
        {
            parts.Add(Count(after.Seconds, "second"));
        }

        return (first ? "After " : "Then after ") + string.Join(" ", parts);
    }

    /// <summary>"1 person", "3 people".</summary>
    public static string People(long count) => count == 1 ? "1 person" : count.ToString("N0", CultureInfo.InvariantCulture) + " people";

    /// <summary>"1 email", "3 emails".</summary>
    public static string Count(long count, string unit) =>
        count == 1 ? "1 " + unit : count.ToString("N0", CultureInfo.InvariantCulture) + " " + unit + "s";
}
