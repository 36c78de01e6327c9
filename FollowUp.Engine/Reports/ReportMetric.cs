namespace FollowUp.Engine.Reports;

/// <summary>The names of the figures kept per sequence version and step: each is a counter column, and names the fact that makes it count once.</summary>
public static class ReportMetric
{
    /// <summary>The step key of the figures that belong to the sequence, not to one step (enrolled, completed, halted).</summary>
    public const string SequenceStep = "*";

    /// <summary>Enrollments that started in the version.</summary>
    public const string Enrolled = "enrolled";

    /// <summary>Enrollments that went through every step.</summary>
    public const string Completed = "completed";

    /// <summary>Enrollments that were halted (a reply, an event, a re-enrollment).</summary>
    public const string Halted = "halted";

    /// <summary>Messages the provider accepted.</summary>
    public const string Sent = "sent";

    /// <summary>Messages the provider reported delivered.</summary>
    public const string Delivered = "delivered";

    /// <summary>Steps that failed for good.</summary>
    public const string Failed = "failed";

    /// <summary>Messages the provider reported undelivered, or that came back as a bounce.</summary>
    public const string Bounced = "bounced";

    /// <summary>Steps that were not sent; the column <c>skipped_&lt;reason&gt;</c> says why.</summary>
    public const string Skipped = "skipped";

    /// <summary>Enrollments that replied, attributed to the last step sent before the reply.</summary>
    public const string Replied = "replied";

    /// <summary>Enrollments whose contact unsubscribed or texted STOP, attributed to the last step sent before it.</summary>
    public const string Unsubscribed = "unsubscribed";

    /// <summary>Enrollments with a person's click on a tracked link of the step (unique per enrollment).</summary>
    public const string Clicked = "clicked";

    /// <summary>Enrollments halted by an event their sequence lists in <c>stopOn.events</c>, attributed to the last step sent before it.</summary>
    public const string Converted = "converted";

    /// <summary>The fact that makes a step's one outcome (sent, failed or skipped) count once.</summary>
    public const string OutcomeFact = "outcome";

    /// <summary>The fact that makes an enrollment's end (completed or halted) count once.</summary>
    public const string EndedFact = "ended";

    /// <summary>The reasons a skipped step is counted under, in report order.</summary>
    public static readonly IReadOnlyList<string> SkipReasons = ["optedOut", "halted", "noAddress", "country", "other"];

    /// <summary>The figures that are responses to a send, each with its response-time distribution.</summary>
    public static readonly IReadOnlyList<string> Responses = [Replied, Unsubscribed, Clicked, Converted];

    /// <summary>The per-step figures, in report order.</summary>
    public static readonly IReadOnlyList<string> StepFigures = [Sent, Delivered, Failed, Bounced, Skipped, Replied, Unsubscribed, Clicked, Converted];

    /// <summary>The column of a skip reason.</summary>
    public static string SkippedColumn(string reason) => Skipped + "_" + reason;

    /// <summary>The reason a skipped step is counted under, read from the detail recorded on the step.</summary>
    public static string SkipReason(string? detail) => detail switch
    {
        null => "other",
        _ when detail.Contains("opted out", StringComparison.OrdinalIgnoreCase) => "optedOut",
        _ when detail.Contains("halted", StringComparison.OrdinalIgnoreCase) => "halted",
        _ when detail.Contains("has no ", StringComparison.OrdinalIgnoreCase) => "noAddress",
        _ when detail.Contains("country", StringComparison.OrdinalIgnoreCase) => "country",
        _ => "other",
    };
}
