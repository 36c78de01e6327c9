using FollowUp.Benchmarks.Reporting;

namespace FollowUp.Benchmarks.Lateness;

/// <summary>The tables of the lateness benchmark.</summary>
/// <param name="Timings">Every step's times.</param>
/// <param name="AllSent">Whether every step was sent before the benchmark gave up waiting.</param>
/// <param name="Enrolling">How long the enrollment requests took.</param>
/// <param name="ParallelRequests">Enrollment requests sent at once.</param>
/// <param name="Total">From the sequence PUT until every send was read back.</param>
/// <param name="Retries">Storage requests the Azure SDK retried during the run.</param>
internal sealed record LatenessReport(IReadOnlyList<StepTiming> Timings, bool AllSent, TimeSpan Enrolling, int ParallelRequests, TimeSpan Total, int Retries)
{
    /// <summary>The groups, in due order, of the breakdown that shows whether lateness grows while the steps fall due.</summary>
    private const int DueGroups = 5;

    /// <summary>Prints the figures, the timeline and the breakdown by due time.</summary>
    public void Print(ProgressLog log)
    {
        var firstDue = Timings.Min(t => t.DueUtc);
        var lastDue = Timings.Max(t => t.DueUtc);
        var sent = Timings.Where(t => t.SentUtc is not null).ToArray();
        var lateness = Sorted(t => t.LatenessMilliseconds);

        var summary = new TextTable("steps", "sent", "early (< 0)", "p50 ms", "p99 ms", "max ms", "storage retries")
            .Add(
                Figures.Count(Timings.Count),
                Figures.Count(sent.Length),
                Figures.Count(lateness.Count(ms => ms < 0)),
                Percentile(lateness, 50),
                Percentile(lateness, 99),
                Percentile(lateness, 100),
                Figures.Count(Retries));
        log.Table($"Lateness (sentUtc − dueUtc) of {Figures.Count(Timings.Count)} steps due within {Figures.Seconds(lastDue - firstDue)} s{(AllSent ? "" : " — NOT ALL SENT")}", summary);

        var parts = new TextTable("interval", "min ms", "p50 ms", "p90 ms", "p99 ms", "max ms");
        AddDistribution(parts, "due → sent (lateness)", lateness);
        AddDistribution(parts, "due → claimed (reaching a worker)", Sorted(t => t.PickupMilliseconds));
        AddDistribution(parts, "claimed → sent (render, send, record)", Sorted(t => t.SendMilliseconds));
        log.Table("Where the lateness comes from (claimedUtc from the Sends table)", parts);

        var lastSent = sent.Length == 0 ? (DateTimeOffset?)null : sent.Max(t => t.SentUtc!.Value);
        var timeline = new TextTable("phase", "seconds")
            .Add($"enrolling {Figures.Count(Timings.Count)} contacts ({Figures.Rate(Timings.Count / Enrolling.TotalSeconds)}/s, {ParallelRequests} requests at once)", Figures.Seconds(Enrolling))
            .Add("first due → last due", Figures.Seconds(lastDue - firstDue))
            .Add("first due → last sent", lastSent is null ? "-" : Figures.Seconds(lastSent.Value - firstDue))
            .Add("total (sequence PUT → all sends read back)", Figures.Seconds(Total));
        log.Table("Timeline", timeline);

        PrintByDueTime(log, sent, firstDue);
    }

    /// <summary>Prints the lateness of the steps in due order, in equal groups: a figure that grows means a backlog.</summary>
    private static void PrintByDueTime(ProgressLog log, StepTiming[] sent, DateTimeOffset firstDue)
    {
        if (sent.Length < DueGroups)
        {
            return;
        }

        var ordered = sent.OrderBy(t => t.DueUtc).ToArray();
        var table = new TextTable("steps in due order", "due (s after first due)", "p50 ms", "max ms");
        for (var g = 0; g < DueGroups; g++)
        {
            var (from, to) = (g * ordered.Length / DueGroups, (g + 1) * ordered.Length / DueGroups);
            var group = ordered[from..to];
            var lateness = group.Select(t => t.LatenessMilliseconds!.Value).Order().ToArray();
            table.Add(
                $"{Figures.Count(from + 1)}–{Figures.Count(to)}",
                $"{Figures.Seconds(group[0].DueUtc - firstDue)}–{Figures.Seconds(group[^1].DueUtc - firstDue)}",
                Percentile(lateness, 50),
                Percentile(lateness, 100));
        }

        log.Table("Lateness by due time", table);
    }

    private double[] Sorted(Func<StepTiming, double?> interval) => Timings.Select(interval).OfType<double>().Order().ToArray();

    private static void AddDistribution(TextTable table, string name, double[] sorted) =>
        table.Add(name, Percentile(sorted, 0), Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), Percentile(sorted, 100));

    private static string Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? "-" : Figures.Ms(Figures.Percentile(sorted, percent));
}
