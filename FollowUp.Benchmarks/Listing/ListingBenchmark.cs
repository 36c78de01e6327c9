using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Benchmarks.Scan;
using FollowUp.Benchmarks.Sweep;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Listing;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Benchmarks.Listing;

/// <summary>Counts the storage requests of one page of each list among N unrelated rows, to show a page costs the page and not the table.</summary>
/// <remarks>
/// The listed set is fixed: <see cref="Listed"/> active enrollments of one sequence and as many sequences. The unrelated rows
/// grow: halted enrollments of the same sequence and enrollments of another sequence (EnrollmentsByStatus rows, half each),
/// and older versions of one listed sequence. Each page is read through the route's handler by an engine started afresh,
/// so no sequence version is cached: the figures are those of a cold instance.
/// </remarks>
internal sealed class ListingBenchmark(BenchmarkArguments arguments, ProgressLog log)
{
    private const int Listed = 60;
    private const int Limit = 50;
    private static readonly int[] Unrelated = [0, 1_000, 10_000];

    /// <summary>Runs the benchmark and prints its table.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"listing: starting an in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        using var outbox = new TemporaryFolder();
        var sequenceId = await SeedAsync(azurite.ConnectionString, outbox.Path, cancellationToken);

        var table = new TextTable("unrelated rows", "list", "page 1 GETs", "page 2 GETs", "median ms (page 1)");
        var seeded = 0;
        foreach (var unrelated in Unrelated)
        {
            await using (var seeding = await EngineServices.CreateAsync(azurite.ConnectionString, outbox.Path, cancellationToken))
            {
                await AddUnrelatedAsync(seeding.Storage, sequenceId, seeded, unrelated, cancellationToken);
            }

            seeded = unrelated;
            foreach (var (name, path) in new[] { ("sequences", "sequences"), ("enrollments?status=active", $"sequences/{sequenceId}/enrollments?status=active") })
            {
                var first = new List<(int Reads, double Milliseconds)>();
                var second = new List<int>();
                for (var i = 0; i < arguments.Runs; i++)
                {
                    await using var engine = await EngineServices.CreateAsync(azurite.ConnectionString, outbox.Path, cancellationToken);
                    using var counter = new RequestCounter();
                    var (reads, milliseconds, continuation) = await PageAsync(engine, counter, path, null, cancellationToken);
                    var (nextReads, _, _) = await PageAsync(engine, counter, path, continuation, cancellationToken);
                    first.Add((reads, milliseconds));
                    second.Add(nextReads);
                    log.Line($"listing: {Figures.Count(unrelated)} unrelated, {name}, run {i + 1}: page 1 {reads} GETs in {Figures.Ms(milliseconds)} ms, page 2 {nextReads} GETs");
                }

                table.Add(
                    Figures.Count(unrelated),
                    name,
                    string.Join("/", first.Select(run => run.Reads).Distinct()),
                    string.Join("/", second.Distinct()),
                    Figures.Ms(Figures.Median([.. first.Select(run => run.Milliseconds)])));
            }
        }

        log.Table(
            $"One page of each list (limit {Limit}, {Listed} listed) among N unrelated rows, on a cold instance (median of {arguments.Runs} runs)",
            table,
            "GETs: storage queries and point reads of the page, counted at the HTTP client; page 2 holds the other 10.",
            "sequences: one key-only query for the page (a thousand version rows a request), plus a point read of each uncached version;",
            "enrollments: the sequence's latest version, one range query of EnrollmentsByStatus, a point read of each enrollment.",
            "Unrelated rows: halted and other sequences' EnrollmentsByStatus rows, and older versions of a listed sequence.");
    }

    /// <summary>Stores <see cref="Listed"/> sequences and <see cref="Listed"/> active enrollments of the first; returns its id.</summary>
    private static async Task<string> SeedAsync(string connectionString, string outboxPath, CancellationToken cancellationToken)
    {
        await using var engine = await EngineServices.CreateAsync(connectionString, outboxPath, cancellationToken);
        var store = engine.Get<SequenceStore>();
        for (var i = 0; i < Listed; i++)
        {
            await store.SaveAsync(
                new Sequence($"listed-{i:D3}", 0, "Listed", [new SequenceStep("first", TimeSpan.FromDays(1), StepChannel.Email, "Hi", "Hello", null)], new StopRules(true), DateTimeOffset.UtcNow),
                cancellationToken);
        }

        var enrollments = engine.Get<EnrollmentService>();
        for (var i = 0; i < Listed; i++)
        {
            if (await enrollments.EnrollAsync(
                new EnrollmentRequest("listed-000", new ContactRequest($"listing-{i}@example.test", null, "Ann", null, null), JsonElement.Parse("{}")),
                cancellationToken) is not EnrollmentResult.Created)
            {
                throw new InvalidOperationException("A benchmark enrollment was refused.");
            }
        }

        return "listed-000";
    }

    /// <summary>Adds rows <paramref name="from"/> to <paramref name="to"/> of each unrelated kind.</summary>
    private static async Task AddUnrelatedAsync(FollowUpStorage storage, string sequenceId, int from, int to, CancellationToken cancellationToken)
    {
        var index = storage.Table(StorageNames.EnrollmentsByStatusTable);
        var sequences = storage.Table(StorageNames.SequencesTable);
        var latest = sequences.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sequenceId}"), maxPerPage: 1, cancellationToken: cancellationToken).First();
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(from, to - from).Select(i => i % 2 == 0
            ? EnrollmentsByStatus.Keys(sequenceId, EnrollmentId.Create(RandomIds.Create(12)), now.AddSeconds(-i)).Last()
            : EnrollmentsByStatus.Keys("unrelated", EnrollmentId.Create(RandomIds.Create(12)), now.AddSeconds(-i)).First());
        foreach (var partition in rows.GroupBy(row => row.PartitionKey))
        {
            await Parallel.ForEachAsync(
                partition.Chunk(100),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (chunk, ct) => await index.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), ct));
        }

        // Rows after the latest version in the listed sequence's partition, where its older versions would be (copies of
        // the latest, with a suffix on its row key): the listing must never read them.
        await Parallel.ForEachAsync(
            Enumerable.Range(from, to - from).Chunk(100),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (chunk, ct) => await sequences.SubmitTransactionAsync(
                chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(latest) { RowKey = latest.RowKey + "-" + i.ToString("D6", CultureInfo.InvariantCulture), ETag = default })),
                ct));
    }

    /// <summary>Reads one page through the route's handler, counting its GET requests.</summary>
    private static async Task<(int Reads, double Milliseconds, string? Continuation)> PageAsync(EngineServices engine, RequestCounter counter, string path, string? continuation, CancellationToken cancellationToken)
    {
        var context = new DefaultHttpContext { RequestServices = engine.Get<IServiceProvider>() };
        var query = path.Contains('?', StringComparison.Ordinal) ? path[path.IndexOf('?', StringComparison.Ordinal)..] + "&" : "?";
        context.Request.QueryString = new QueryString($"{query}limit={Limit}" + (continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}"));
        context.Response.Body = new MemoryStream();
        var handler = engine.Get<ListingEndpoints>();

        counter.Reset();
        var started = Stopwatch.GetTimestamp();
        var result = path.StartsWith("sequences/", StringComparison.Ordinal)
            ? await handler.ListEnrollmentsAsync(context.Request, path.Split('/')[1], cancellationToken)
            : await handler.ListSequencesAsync(context.Request, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var reads = counter.Reads;

        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var answer = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: cancellationToken);
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"The listing answered {context.Response.StatusCode}.");
        }

        return (reads, elapsed.TotalMilliseconds, answer.RootElement.TryGetProperty("continuation", out var next) ? next.GetString() : null);
    }
}
