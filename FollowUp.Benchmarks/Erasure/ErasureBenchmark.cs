using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Benchmarks.Scan;
using FollowUp.Benchmarks.Sweep;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.Confirmations;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;

namespace FollowUp.Benchmarks.Erasure;

/// <summary>Counts the storage requests of one contact erasure among N unrelated rows in each of the Idempotency, SourceEnrollments and FormConfirmations tables, to show it grows with the contact's rows and not N.</summary>
/// <remarks>
/// Each erased contact has one enrollment made with an <c>Idempotency-Key</c>, one source key recorded for it and one pending
/// form confirmation, all written through the engine's stores; the N unrelated rows are written directly, as other contacts' rows.
/// </remarks>
internal sealed class ErasureBenchmark(BenchmarkArguments arguments, ProgressLog log)
{
    private static readonly int[] Unrelated = [0, 1_000, 10_000];
    private static readonly string[] Tables = [StorageNames.IdempotencyTable, StorageNames.SourceEnrollmentsTable, StorageNames.FormConfirmationsTable];

    /// <summary>Runs the benchmark and prints its table.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"erasure: starting an in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        using var outbox = new TemporaryFolder();
        await using var engine = await EngineServices.CreateAsync(azurite.ConnectionString, outbox.Path, cancellationToken);
        using var counter = new RequestCounter();
        var sequence = await engine.Get<SequenceStore>().SaveAsync(
            new Sequence("erasure", 0, "Erasure", [new SequenceStep("first", TimeSpan.FromDays(1), StepChannel.Email, "Hi", "Hello", null)], new StopRules(true), DateTimeOffset.UtcNow),
            cancellationToken);

        var runs = new List<ErasureRun>();
        var seeded = 0;
        foreach (var unrelated in Unrelated)
        {
            await SeedAsync(engine.Storage, unrelated - seeded, cancellationToken);
            seeded = unrelated;
            for (var i = 0; i < arguments.Runs; i++)
            {
                var (contactId, addressKey) = await ContactWithRowsAsync(engine, sequence, cancellationToken);
                counter.Reset();
                var started = Stopwatch.GetTimestamp();
                var removed = await engine.Get<ContactEraser>().EraseAsync(contactId, [addressKey], cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started);
                var run = new ErasureRun(unrelated, Tables.Sum(table => removed.GetValueOrDefault(table)), counter.Reads, counter.All, elapsed.TotalMilliseconds);
                log.Line($"erasure: {Figures.Count(unrelated)} unrelated rows per table, run {i + 1}: {Figures.Ms(run.Milliseconds)} ms, {run.Removed} rows of those tables removed, {run.Reads} GETs of {run.Requests} requests");
                runs.Add(run);
            }
        }

        var table = new TextTable("unrelated rows per table", "rows removed from them", "GET requests", "all requests", "median ms");
        foreach (var group in runs.GroupBy(run => run.Unrelated))
        {
            table.Add(
                Figures.Count(group.Key),
                string.Join("/", group.Select(run => run.Removed).Distinct()),
                string.Join("/", group.Select(run => run.Reads).Distinct()),
                string.Join("/", group.Select(run => run.Requests).Distinct()),
                Figures.Ms(Figures.Median([.. group.Select(run => run.Milliseconds)])));
        }

        log.Table(
            $"Erasure of one contact among N unrelated rows in each of Idempotency, SourceEnrollments and FormConfirmations (median of {arguments.Runs} runs)",
            table,
            "The contact has one enrollment (made with an Idempotency-Key), one source key and one pending form confirmation.",
            "GET requests: queries and point reads; all requests: with the deletes (batch transactions by partition) and the contact's marker.");
    }

    /// <summary>Writes <paramref name="count"/> rows of other contacts into each table, shaped as the engine writes them.</summary>
    private static async Task SeedAsync(FollowUpStorage storage, int count, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (_, ct) =>
            {
                var enrollmentId = EnrollmentId.Create(RandomIds.Create(12));
                var id = RandomIds.Create(16);
                await storage.Table(StorageNames.IdempotencyTable).AddEntityAsync(new TableEntity($"enrollments:{id}", "") { ["EnrollmentId"] = enrollmentId, ["RequestHash"] = id }, ct);
                await storage.Table(StorageNames.SourceEnrollmentsTable).AddEntityAsync(new TableEntity("shop", id) { ["EnrollmentId"] = enrollmentId }, ct);
                await storage.Table(StorageNames.FormConfirmationsTable).AddEntityAsync(new TableEntity(id, "") { ["SourceId"] = "form", ["Contact"] = $"{{\"email\":\"{id}@example.test\"}}" }, ct);
            });

    /// <summary>Enrolls a new contact with an <c>Idempotency-Key</c>, records a source key for the enrollment and a confirmation for its address.</summary>
    private static async Task<(string ContactId, string AddressKey)> ContactWithRowsAsync(EngineServices engine, Sequence sequence, CancellationToken cancellationToken)
    {
        var email = $"erasure-{RandomIds.Create(10)}@example.test";
        var contact = new ContactRequest(email, null, "Ann", null, null);
        var idempotency = engine.Get<IdempotencyStore>();
        var key = RandomIds.Create(16);
        var result = await engine.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, contact, JsonElement.Parse("{}")),
            async (contactId, ct) => (await idempotency.ReserveAsync("enrollments", key, new IdempotencyRecord(key, EnrollmentId.Create(contactId)), ct)).EnrollmentId,
            cancellationToken);
        if (result is not EnrollmentResult.Created { Enrollment: var created } || !EnrollmentId.TryGetContactId(created.EnrollmentId, out var contactId))
        {
            throw new InvalidOperationException("A benchmark enrollment was refused.");
        }

        await engine.Get<KeyedEnrollments>().RecordAsync("shop", sequence.Id, key, created.EnrollmentId, cancellationToken);
        await engine.Get<ConfirmationStore>().AddAsync(
            new PendingConfirmation(RandomIds.Create(16), "form", contact, JsonElement.Parse("{}"), DateTimeOffset.UtcNow.AddDays(1), null), cancellationToken);
        return (contactId, AddressKey.Email(email));
    }
}
