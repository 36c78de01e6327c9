using FollowUp.Benchmarks.Lateness;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Local.Triggers;

namespace FollowUp.Benchmarks.Transactions;

/// <summary>Prints how late the spread-out steps were sent, beside the bound the profile's settings give.</summary>
/// <param name="Timings">Each step's due and sent times.</param>
/// <param name="Profile">The profile the app ran with.</param>
/// <param name="MaxPollingInterval">The queue's longest wait between polls: the bound, before the send itself.</param>
/// <param name="ScanInterval">The longest wait between two scans, which the look-ahead covers.</param>
internal sealed record SpreadLatenessReport(IReadOnlyList<StepTiming> Timings, SchedulingProfile Profile, TimeSpan MaxPollingInterval, TimeSpan ScanInterval)
{
    /// <summary>Prints the table, titled after <paramref name="what"/>.</summary>
    public void Print(ProgressLog log, string what)
    {
        var lateness = Timings.Select(t => t.LatenessMilliseconds).OfType<double>().Select(ms => ms / 1000).Order().ToArray();
        var spread = Timings.Max(t => t.DueUtc) - Timings.Min(t => t.DueUtc);
        var table = new TextTable("profile", "steps", "sent", "due over (s)", "median s", "p95 s", "max s", "bound s", "within bound")
            .Add(
                Profile.ToString(),
                Figures.Count(Timings.Count),
                Figures.Count(lateness.Length),
                Figures.Seconds(spread),
                Seconds(lateness, 50),
                Seconds(lateness, 95),
                Seconds(lateness, 100),
                $"{Figures.Seconds(MaxPollingInterval)} + send",
                Figures.Count(lateness.Count(s => s <= MaxPollingInterval.TotalSeconds)));
        log.Table(
            $"Lateness (sentUtc − dueUtc) of {what} ({Profile})",
            table,
            $"The look-ahead covers the scan interval ({Figures.Seconds(ScanInterval)} s), so every step is on the queue, invisible, before it falls due;",
            "it is sent at the queue listener's next poll, at most maxPollingInterval later, plus the time of the send itself.",
            "within bound: the steps sent no later than maxPollingInterval after their due time.");
    }

    private static string Seconds(double[] sorted, double percent) =>
        sorted.Length == 0 ? "-" : Figures.Percentile(sorted, percent).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
