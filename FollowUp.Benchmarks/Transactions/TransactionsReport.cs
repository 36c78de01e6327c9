using System.Globalization;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine.Storage;
using FollowUp.Local.Triggers;

namespace FollowUp.Benchmarks.Transactions;

/// <summary>Prints the transactions benchmark's tables: per unit beside issue 18's targets, by table, queue and operation, and the throughput against the raw queue run.</summary>
internal sealed class TransactionsReport(IReadOnlyList<CountWindow> windows, BenchmarkArguments arguments, QueueTriggerOptions queue, TimeSpan rawElapsed, int retries)
{
    /// <summary>Minutes in a 30-day month, to show what an idle minute costs in a month.</summary>
    private const int MinutesPerMonth = 30 * 24 * 60;

    /// <summary>Issue 18's target and its outside count (a counting proxy, on the code before the redesign), by breakdown column.</summary>
    private static readonly Dictionary<string, (string Target, string Before)> Targets = new()
    {
        ["enroll"] = ("≤ 6", "11"),
        ["enroll 2"] = ("≤ 6", "11"),
        ["step 1"] = ("≤ 6 (7)", "13"),
        ["step 2"] = ("≤ 6 (7)", "13"),
        ["step 1 (2)"] = ("≤ 6 (7)", "13"),
        ["backlog"] = ("≤ 6 (7)", "13"),
        ["last"] = ("≤ 7", "14"),
        ["reply"] = ("≤ 4", "8"),
        ["later"] = ("0", "2.3"),
        ["idle min"] = ("≤ 5 economy", "46"),
    };

    /// <summary>The windows shown in the breakdown; the second round's repeats are left out, as they only confirm the first.</summary>
    private static readonly string[] BreakdownColumns = ["enroll", "step 1", "step 2", "last", "reply", "later", "idle min", "backlog"];

    /// <summary>Prints every table.</summary>
    public void Print(ProgressLog log)
    {
        if (windows.Count == 0)
        {
            return;
        }

        PrintSummary(log);
        PrintBreakdown(log);
        if (windows.Any(w => w.Column == "backlog"))
        {
            PrintThroughput(log);
        }
    }

    private void PrintSummary(ProgressLog log)
    {
        var table = new TextTable("what", "count", "seconds", "per second", "transactions", "each", "failed each", "target", "before");
        foreach (var window in windows)
        {
            var (target, before) = Targets[window.Column];
            table.Add(
                window.What,
                Figures.Count(window.Units),
                Figures.Seconds(window.Elapsed),
                window.Column == "idle min" ? "" : Format(window.Units / window.Elapsed.TotalSeconds, "F1"),
                Figures.Count(window.Made.Requests),
                Format(window.Each, "F2"),
                Format(window.FailedEach, "F2"),
                target,
                before);
        }

        var idle = windows.SingleOrDefault(w => w.Column == "idle min");
        log.Table(
            "Storage transactions per unit (every HTTP request to storage, a $batch as one, each retry as one)",
            table,
            "count: units in the window; seconds: the window; per second: units over the window (for steps, their due times span the enrollment requests' time).",
            "each: the window's requests over its units; failed each: those answered 4xx/5xx or not at all (a missing row, a refused insert, a lost ETag race).",
            "target: issue 18's (in brackets with the analytics issue's per-step figures); before: the issue's outside count on the code before the redesign.",
            "A window also holds what the loops did meanwhile (empty polls, scans, sweeps), as a counting proxy between the app and the storage would see it.",
            idle is null ? "No idle window in this run." : $"Idle ({arguments.Profile}): {Format(idle.Each, "F1")} a minute is about {Figures.Count((long)Math.Round(idle.Each * MinutesPerMonth))} a month (30 days).",
            $"Storage retries seen by the Azure SDK during the run: {retries}.");
    }

    private void PrintBreakdown(ProgressLog log)
    {
        var shown = BreakdownColumns.SelectMany(column => windows.Where(w => w.Column == column)).ToArray();
        var table = new TextTable(["table or queue", "operation", .. shown.Select(w => w.Column)]);
        var kinds = shown.SelectMany(w => w.Made.Counts.Keys).Distinct()
            .OrderBy(kind => kind.Service).ThenBy(kind => kind.Resource, StringComparer.Ordinal).ThenBy(kind => kind.Operation);
        foreach (var kind in kinds)
        {
            var resource = kind.Resource.Length == 0 ? "(account)" : kind.Resource;
            table.Add([$"{kind.Service.ToString().ToLowerInvariant()} {resource}", kind.Operation.ToString(), .. shown.Select(w => Cell(w.EachOf(kind)))]);
        }

        table.Add(["all", "", .. shown.Select(w => Format(w.Each, "F2"))]);
        log.Table(
            "Storage transactions per unit by table or queue and operation (blank: none)",
            table,
            "enroll: an enrollment; step 1, step 2: a step sent that is not the last; last: the last step; reply: a reply that halts an enrollment;",
            "later: per reply, dropping the halted enrollment's queued step when it surfaces; idle min: an idle minute; backlog: a step sent in the throughput run.",
            "Operations: Upsert and UpsertMerge write whatever is there; Update and UpdateMerge carry an ETag; Batch is one entity-group transaction.");
    }

    private void PrintThroughput(ProgressLog log)
    {
        var backlog = windows.Single(w => w.Column == "backlog");
        var engineRate = backlog.Units / backlog.Elapsed.TotalSeconds;
        var rawRate = arguments.Steps / rawElapsed.TotalSeconds;
        var table = new TextTable("run", "messages", "concurrency", "seconds", "per second")
            .Add(
                "FollowUp.Local sends first steps (outbox)",
                Figures.Count(backlog.Units),
                $"≤ {queue.BatchSize + queue.NewBatchThreshold} in flight (batchSize {queue.BatchSize} + newBatchThreshold {queue.NewBatchThreshold})",
                Figures.Seconds(backlog.Elapsed),
                Format(engineRate, "F1"))
            .Add(
                "raw receive and delete, same Azurite",
                Figures.Count(arguments.Steps),
                $"{arguments.Workers} workers, receiving ≤ {queue.BatchSize} each",
                Figures.Seconds(rawElapsed),
                Format(rawRate, "F1"));
        log.Table(
            $"Sending throughput against the raw queue, same process and run: {Figures.Ratio(engineRate / rawRate)} (issue 18's target ≥ 0.60×; before: 0.23–0.33×)",
            table,
            "The steps were enrolled while the queue listener was stopped, so all were due when it started: the time runs from its start to the last message deleted.",
            "Each raw message is received (up to a batch at a time) and deleted, with no engine work between.");
    }

    private static string Cell(double value) => value == 0 ? "" : Format(value, "F2");

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
