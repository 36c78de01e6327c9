using System.Text.Json;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Benchmarks.Scan;
using FollowUp.Benchmarks.Sweep;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;

namespace FollowUp.Benchmarks.Report;

/// <summary>Counts the storage requests the report's figures add to a send and an enrollment, what many workers counting one step at once cost, and what reading a report costs.</summary>
/// <remarks>
/// A send's whole cost is measured by dispatching first steps; the figures' share by making, on other enrollments in the
/// same state, the one call the dispatcher makes after a send (<see cref="StepFigures.CountStepAsync"/>). Without the
/// figures a send costs the difference. Requests are counted at the HTTP client, as the sweep benchmark counts them.
/// </remarks>
internal sealed class ReportBenchmark(ProgressLog log)
{
    private const int Sends = 50;
    private const int Parallel = 50;

    /// <summary>Runs the benchmark and prints its tables.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"report: starting an in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        using var outbox = new TemporaryFolder();
        await using var engine = await EngineServices.CreateAsync(azurite.ConnectionString, outbox.Path, cancellationToken);
        using var counter = new RequestCounter();
        var sequence = await engine.Get<SequenceStore>().SaveAsync(
            new Sequence("report", 0, "Report", [new SequenceStep("first", TimeSpan.Zero, StepChannel.Email, "Hi", "Hello", null), new SequenceStep("second", TimeSpan.FromDays(3), StepChannel.Email, "Hi", "Again", null)], new StopRules(true), TimeProvider.System.GetUtcNow()),
            cancellationToken);

        var table = new TextTable("what", "count", "GET requests each", "all requests each");
        var enrollFigures = new List<Enrollment>();
        for (var i = 0; i < Sends; i++)
        {
            enrollFigures.Add(await EnrollAsync(engine, sequence, cancellationToken));
        }

        counter.Reset();
        foreach (var enrollment in enrollFigures)
        {
            await engine.Get<StepDispatcher>().DispatchAsync(new StepMessage(enrollment.Id, "first", enrollment.SequenceVersion).ToJson(), 1, cancellationToken);
        }

        var (sendReads, sendAll) = (counter.Reads, counter.All);
        Add(table, "a send, with the figures", Sends, sendReads, sendAll);

        var others = new List<Enrollment>();
        for (var i = 0; i < Sends; i++)
        {
            var enrollment = await EnrollAsync(engine, sequence, cancellationToken);
            enrollment.Steps[0].Status = StepStatus.Sent;
            enrollment.Steps[0].SentUtc = TimeProvider.System.GetUtcNow();
            others.Add(enrollment);
        }

        counter.Reset();
        foreach (var enrollment in others)
        {
            await engine.Get<StepFigures>().CountStepAsync(enrollment, 0, cancellationToken);
        }

        var (figureReads, figureAll) = (counter.Reads, counter.All);
        Add(table, "  its figures (the dispatcher's one call)", Sends, figureReads, figureAll);
        Add(table, "  a send without the figures", Sends, sendReads - figureReads, sendAll - figureAll);

        counter.Reset();
        foreach (var enrollment in others)
        {
            await engine.Get<StepFigures>().CountStepAsync(enrollment, 0, cancellationToken);
        }

        Add(table, "the same call again (a redelivery)", Sends, counter.Reads, counter.All);

        counter.Reset();
        var store = engine.Get<FigureStore>();
        var at = TimeProvider.System.GetUtcNow();
        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => Task.Run(
            () => store.CountAsync(new ReportCount(sequence.Id, sequence.Version, "second", null, EnrollmentId.Create(RandomIds.Create(12)), ReportMetric.OutcomeFact, [ReportMetric.Sent], at), cancellationToken),
            cancellationToken)));
        Add(table, $"{Parallel} counts of one step at once", Parallel, counter.Reads, counter.All);
        var (counts, _) = await store.ReadAsync(sequence.Id, sequence.Version, null, null, cancellationToken);
        var counted = counts.Where(c => c.StepId == "second").Sum(c => c[ReportMetric.Sent]);

        var reads = new TextTable("report", "storage requests");
        counter.Reset();
        var (_, allTime) = await store.ReadAsync(sequence.Id, sequence.Version, null, null, cancellationToken);
        reads.Add("all time", Figures.Count(allTime));
        var (_, week) = await store.ReadAsync(sequence.Id, sequence.Version, at.AddDays(-7), at.AddHours(1), cancellationToken);
        reads.Add("a range of 7 days", Figures.Count(week));
        reads.Add("both, at the HTTP client", Figures.Count(counter.All));

        log.Table(
            $"Storage requests of the report's figures ({Sends} sends, {Parallel} parallel counts: {counted} counted)",
            table,
            "A count is one entity-group transaction that reads nothing (the fact and a pending row, Add both);",
            "a repeat is one refused transaction (409 on the fact), and parallel counts never race.",
            "The figures are request counts, not times, so one run is made.");
        log.Table($"Storage requests to read a report (per shard, {FigureStore.Shards} shards: a query of the pending counts, their fold when there are any, and the range query)", reads);
    }

    private static void Add(TextTable table, string what, int count, int reads, int all) =>
        table.Add(what, Figures.Count(count), ((double)reads / count).ToString("F1", System.Globalization.CultureInfo.InvariantCulture), ((double)all / count).ToString("F1", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<Enrollment> EnrollAsync(EngineServices engine, Sequence sequence, CancellationToken cancellationToken)
    {
        var result = await engine.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest($"report-{RandomIds.Create(10)}@example.test", null, "Ann", null, null), JsonElement.Parse("{}")),
            cancellationToken);
        return result is EnrollmentResult.Created { Enrollment: var created } && await engine.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, cancellationToken) is { } enrollment
            ? enrollment
            : throw new InvalidOperationException("A benchmark enrollment was refused.");
    }
}
