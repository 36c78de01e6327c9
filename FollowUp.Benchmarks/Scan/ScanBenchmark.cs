using System.Diagnostics;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;

namespace FollowUp.Benchmarks.Scan;

/// <summary>Times the scan of a fixed number of due rows as the DueIndex grows with rows that are not due.</summary>
/// <remarks>
/// The index grows from one size to the next, so that the largest size is seeded once. Before each timed scan the due rows
/// are written again; the baseline is the same scan over an index holding nothing else. The queue is counted before and
/// after each scan rather than cleared: Azurite's queue garbage collector removes dead messages one by one, re-sorting an
/// index each time, so clearing thousands of messages a minute freezes it for minutes (requests time out after 100 s).
/// </remarks>
internal sealed class ScanBenchmark(BenchmarkArguments arguments, ProgressLog log, StorageRetryMonitor storage)
{
    /// <summary>Rows written between two progress lines while the index grows.</summary>
    private const int SeedChunk = 50_000;

    /// <summary>Untimed scans before the baseline, so that JIT compilation and connection set-up do not count against it.</summary>
    private const int WarmUpScans = 2;

    /// <summary>Timed empty key-range queries per size.</summary>
    private const int EmptyQueries = 5;

    /// <summary>Runs the benchmark and prints its tables.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"scan: starting an in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        using var outbox = new TemporaryFolder();
        await using var engine = await EngineServices.CreateAsync(azurite.ConnectionString, outbox.Path, cancellationToken);
        var table = engine.Storage.Table(StorageNames.DueIndexTable);
        var seeder = new DueIndexSeeder(table, TimeProvider.System);
        var probe = new DueIndexProbe(table);

        log.Line($"scan: {WarmUpScans} warm-up scans of {arguments.Due} due rows (not counted)");
        for (var i = 0; i < WarmUpScans; i++)
        {
            await ScanOnceAsync(engine, seeder, cancellationToken);
        }

        var measurements = new List<ScanMeasurement>();
        var seeding = new List<SeedingStep>();
        var scheduled = 0;
        foreach (var size in arguments.Sizes.Prepend(0).Distinct())
        {
            if (size > scheduled)
            {
                seeding.Add(await GrowAsync(seeder, scheduled, size, cancellationToken));
                scheduled = size;
            }

            measurements.Add(await MeasureAsync(engine, seeder, probe, scheduled, cancellationToken));
        }

        Print(measurements, seeding);
    }

    private async Task<SeedingStep> GrowAsync(DueIndexSeeder seeder, int from, int to, CancellationToken cancellationToken)
    {
        log.Line($"scan: adding {Figures.Count(to - from)} future rows ({Figures.Count(from)} → {Figures.Count(to)})");
        var started = Stopwatch.GetTimestamp();
        for (var done = from; done < to;)
        {
            var chunk = Math.Min(SeedChunk, to - done);
            await seeder.AddFutureAsync(chunk, cancellationToken);
            done += chunk;
            var elapsed = Stopwatch.GetElapsedTime(started);
            log.Line($"scan:   {Figures.Count(done)} rows, {Figures.Rate((done - from) / elapsed.TotalSeconds)} rows/s");
        }

        return new SeedingStep(from, to, Stopwatch.GetElapsedTime(started));
    }

    private async Task<ScanMeasurement> MeasureAsync(EngineServices engine, DueIndexSeeder seeder, DueIndexProbe probe, int scheduled, CancellationToken cancellationToken)
    {
        var runs = new List<ScanRun>();
        for (var i = 0; i < arguments.Runs; i++)
        {
            var run = await ScanOnceAsync(engine, seeder, cancellationToken);
            log.Line($"scan: {Figures.Count(scheduled)} scheduled, run {i + 1}: {Figures.Ms(run.Milliseconds)} ms, read {run.Enqueued}, queued {run.QueueMessages}, storage retries {run.Retries}");
            runs.Add(run);
        }

        var emptyQueries = new List<double>();
        for (var i = 0; i < EmptyQueries; i++)
        {
            emptyQueries.Add(await probe.TimeEmptyRangeQueryAsync(cancellationToken));
        }

        log.Line($"scan: counting the rows left in the index");
        var horizon = TimeProvider.System.GetUtcNow() + engine.LookAhead;
        var dueLeft = await probe.CountDueBeforeAsync(horizon, cancellationToken);
        var futureLeft = await probe.CountDueFromAsync(horizon, cancellationToken);
        var measurement = new ScanMeasurement(scheduled, arguments.Due, runs, futureLeft, dueLeft, Figures.Median(emptyQueries));
        log.Line($"scan: {Figures.Count(scheduled)} scheduled: median {Figures.Ms(measurement.MedianMilliseconds)} ms; empty shard query {Figures.Ms(measurement.EmptyQueryMilliseconds)} ms; future rows kept {Figures.Count(futureLeft)}, due rows left {dueLeft}");
        return measurement;
    }

    /// <summary>Writes the due rows and times one scan, counting the messages it adds to the queue.</summary>
    private async Task<ScanRun> ScanOnceAsync(EngineServices engine, DueIndexSeeder seeder, CancellationToken cancellationToken)
    {
        var queue = engine.Storage.StepQueue;
        await seeder.AddDueAsync(arguments.Due, cancellationToken);
        var queuedBefore = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;

        var retriesBefore = storage.Retries;
        var started = Stopwatch.GetTimestamp();
        var result = await engine.Scanner.ScanAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var retries = storage.Retries - retriesBefore;

        var queuedAfter = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        return new ScanRun(elapsed.TotalMilliseconds, result.Enqueued, queuedAfter - queuedBefore, retries);
    }

    private void Print(IReadOnlyList<ScanMeasurement> measurements, IReadOnlyList<SeedingStep> seeding)
    {
        var baseline = measurements[0].MedianMilliseconds;
        var scans = new TextTable("scheduled", "due rows", "entities read", "msgs queued", "retries", "runs (ms)", "median ms", "ratio", "empty shard query ms", "future rows kept", "due rows left", "check");
        foreach (var m in measurements)
        {
            var read = m.Runs.Select(run => run.Enqueued).Distinct().ToArray();
            var queued = m.Runs.Select(run => run.QueueMessages).Distinct().ToArray();
            scans.Add(
                Figures.Count(m.Scheduled),
                Figures.Count(m.Due),
                string.Join("/", read.Select(n => Figures.Count(n))),
                string.Join("/", queued.Select(n => Figures.Count(n))),
                Figures.Count(m.Runs.Sum(run => run.Retries)),
                string.Join(" ", m.Runs.Select(run => Figures.Ms(run.Milliseconds))),
                Figures.Ms(m.MedianMilliseconds),
                Figures.Ratio(m.MedianMilliseconds / baseline),
                Figures.Ms(m.EmptyQueryMilliseconds),
                Figures.Count(m.FutureRowsAfter),
                Figures.Count(m.DueRowsAfter),
                m.IsCorrect ? "ok" : "WRONG");
        }

        log.Table(
            $"Scan of {Figures.Count(arguments.Due)} due steps (median of {arguments.Runs} runs; ratio = median / median with 0 scheduled)",
            scans,
            "entities read: rows the scanner read and enqueued (ScanResult.Enqueued); msgs queued: messages the queue gained.",
            "empty shard query: one shard's key-range query that matches no row; Table Storage answers it from the key index,",
            "  Azurite filters every row of the table, so on Azurite it (and the scan's 16 such queries) grows with the table.",
            "future rows kept / due rows left: counted independently after the runs; check = all of the above as expected.");

        var growth = new TextTable("future rows", "rows added", "seconds", "rows/s");
        foreach (var step in seeding)
        {
            growth.Add($"{Figures.Count(step.From)} → {Figures.Count(step.To)}", Figures.Count(step.To - step.From), Figures.Seconds(step.Elapsed), Figures.Rate(step.RowsPerSecond));
        }

        log.Table($"DueIndex seeding (batches of ≤ {DueIndexSeeder.BatchSize} rows of one shard, {DueIndexSeeder.BatchesInFlight} in flight)", growth);
    }
}
