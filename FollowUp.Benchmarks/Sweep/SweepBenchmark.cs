using System.Diagnostics;
using System.Text.Json;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Benchmarks.Scan;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;

namespace FollowUp.Benchmarks.Sweep;

/// <summary>Times the sweep of k stuck steps among N scheduled ones, counting its storage requests, to show it grows with k and not N.</summary>
/// <remarks>
/// The N scheduled steps are NextDue rows due a day ahead, written directly; the k stuck ones are real enrollments whose
/// first step was enqueued and then lost (the queue is cleared), found once the engine's clock is moved past the threshold.
/// </remarks>
internal sealed class SweepBenchmark(BenchmarkArguments arguments, ProgressLog log)
{
    private static readonly int[] Scheduled = [0, 1_000, 10_000];
    private static readonly int[] Stuck = [10, 100];
    private static readonly TimeSpan PastThreshold = TimeSpan.FromMinutes(20);

    /// <summary>Runs the benchmark and prints its table.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"sweep: starting an in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        using var outbox = new TemporaryFolder();
        var clock = new ShiftedClock();
        await using var engine = await EngineServices.CreateAsync(azurite.ConnectionString, outbox.Path, cancellationToken, clock);
        using var counter = new RequestCounter();
        var sequence = await engine.Get<SequenceStore>().SaveAsync(
            new Sequence("sweep", 0, "Sweep", [new SequenceStep("first", TimeSpan.Zero, StepChannel.Email, "Hi", "Hello", null)], new StopRules(true), clock.GetUtcNow()),
            cancellationToken);

        var runs = new List<SweepRun>();
        var seeded = 0;
        foreach (var scheduled in Scheduled)
        {
            await SeedScheduledAsync(engine.Get<NextDueIndex>(), clock, scheduled - seeded, cancellationToken);
            seeded = scheduled;
            foreach (var stuck in Stuck)
            {
                for (var i = 0; i < arguments.Runs; i++)
                {
                    var run = await SweepOnceAsync(engine, clock, counter, sequence, scheduled, stuck, cancellationToken);
                    log.Line($"sweep: {Figures.Count(scheduled)} scheduled, {stuck} stuck, run {i + 1}: {Figures.Ms(run.Milliseconds)} ms, {run.Candidates} read, {run.Rescheduled} rescheduled, {run.Reads} GETs of {run.Requests} requests");
                    runs.Add(run);
                }
            }
        }

        var table = new TextTable("scheduled", "stuck", "rows read", "rescheduled", "GET requests", "all requests", "median ms");
        foreach (var group in runs.GroupBy(run => (run.Scheduled, run.Stuck)))
        {
            table.Add(
                Figures.Count(group.Key.Scheduled),
                Figures.Count(group.Key.Stuck),
                string.Join("/", group.Select(run => run.Candidates).Distinct()),
                string.Join("/", group.Select(run => run.Rescheduled).Distinct()),
                string.Join("/", group.Select(run => run.Reads).Distinct()),
                string.Join("/", group.Select(run => run.Requests).Distinct()),
                Figures.Ms(Figures.Median([.. group.Select(run => run.Milliseconds)])));
        }

        log.Table(
            $"Sweep of k stuck steps among N scheduled ones (median of {arguments.Runs} runs)",
            table,
            "rows read: overdue NextDue rows the sweep read (SweepResult.Candidates); GET requests: its queries and point reads;",
            "all requests: with the writes that put each stuck step back (row marked swept, timeline, DueIndex, queue, DueIndex removed).");
    }

    /// <summary>Writes <paramref name="count"/> NextDue rows due a day ahead, as the scheduler writes them.</summary>
    private static async Task SeedScheduledAsync(NextDueIndex index, TimeProvider clock, int count, CancellationToken cancellationToken)
    {
        var start = clock.GetUtcNow() + TimeSpan.FromDays(1);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var due = start + TimeSpan.FromSeconds(i % 7_200);
                await index.AddAsync(NextDueEntry.For(new DueEntry(EnrollmentId.Create(RandomIds.Create(12)), "first", 1, due)), ct);
            });
    }

    /// <summary>Enrolls <paramref name="stuck"/> contacts, loses their messages, moves the clock past the threshold and times one sweep.</summary>
    private static async Task<SweepRun> SweepOnceAsync(EngineServices engine, ShiftedClock clock, RequestCounter counter, Sequence sequence, int scheduled, int stuck, CancellationToken cancellationToken)
    {
        var enrollments = engine.Get<EnrollmentService>();
        for (var i = 0; i < stuck; i++)
        {
            if (await enrollments.EnrollAsync(
                new EnrollmentRequest(sequence.Id, new ContactRequest($"sweep-{RandomIds.Create(10)}@example.test", null, "Ann", null, null), JsonElement.Parse("{}")),
                cancellationToken) is not EnrollmentResult.Created)
            {
                throw new InvalidOperationException("A benchmark enrollment was refused.");
            }
        }

        await engine.Storage.StepQueue.ClearMessagesAsync(cancellationToken);
        clock.Shift += PastThreshold;

        counter.Reset();
        var started = Stopwatch.GetTimestamp();
        var result = await engine.Get<StepSweeper>().SweepAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var run = new SweepRun(scheduled, stuck, result.Candidates, result.Rescheduled, counter.Reads, counter.All, elapsed.TotalMilliseconds);

        // Remove the rescheduled steps' rows and their messages, so that the next run starts with none stuck.
        var index = engine.Get<NextDueIndex>();
        await foreach (var page in index.ReadBeforeAsync(clock.GetUtcNow() + TimeSpan.FromMinutes(1), cancellationToken))
        {
            foreach (var row in page)
            {
                await index.RemoveAsync(row, cancellationToken);
            }
        }

        await engine.Storage.StepQueue.ClearMessagesAsync(cancellationToken);
        return run;
    }
}
