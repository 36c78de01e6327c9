using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;

namespace FollowUp.Benchmarks.Storage;

/// <summary>
/// What reading and writing the stored documents costs with <see cref="StorageJson"/> (source-generated metadata, tolerant,
/// with the version check) against the API's reflection-based <see cref="FollowUpJson.Options"/> that stored them before:
/// the first use in the process, then µs and bytes per document. It runs in memory: the documents are what the stores keep.
/// </summary>
internal sealed class StorageJsonBenchmark(BenchmarkArguments arguments, ProgressLog log)
{
    private const int Operations = 20_000;

    /// <summary>Runs each document both ways and prints the figures.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var message = new StepMessage("a1b2c3d4e5f6-g7h8i9j0k1", "reminder", 3) { SlotUtc = DateTimeOffset.UnixEpoch, Attempt = 1 };
        var steps = new StoredSteps([.. Enumerable.Range(0, 4).Select(i => new EnrollmentStep
        {
            Id = $"step-{i}",
            Channel = i % 2 == 0 ? StepChannel.Email : StepChannel.Sms,
            Status = i == 0 ? StepStatus.Sent : StepStatus.Pending,
            DueUtc = DateTimeOffset.UnixEpoch.AddDays(i),
            SendUtc = DateTimeOffset.UnixEpoch.AddDays(i).AddHours(9),
            SentUtc = i == 0 ? DateTimeOffset.UnixEpoch : null,
            ProviderMessageId = i == 0 ? "0f8fad5b-d9cb-469f-a165-70867728950e" : null,
        })]);
        var html = "<p>" + string.Concat(Enumerable.Repeat("Thanks for your order of {{ data.product }}. ", 40)) + "</p>";
        var sequence = SequenceDocument.From(new Sequence(
            "welcome",
            3,
            "Welcome",
            [.. Enumerable.Range(0, 4).Select(i => new SequenceStep($"step-{i}", TimeSpan.FromDays(i), StepChannel.Email, "Hi {{ contact.firstName }}", "Hello", html))],
            new StopRules(true, ["purchased"]),
            DateTimeOffset.UnixEpoch));

        var table = new TextTable("document", "settings", "first write + read (ms)", "µs per write", "µs per read", "bytes allocated per write + read", "characters");
        Measure(table, "step message", message, cancellationToken);
        Measure(table, "enrollment steps (4)", steps, cancellationToken);
        Measure(table, "sequence version (4 steps, 2 KB HTML each)", sequence, cancellationToken);
        log.Table(
            $"Stored JSON: StorageJson against the API's reflection options ({Figures.Count(Operations)} writes and reads a run, {arguments.Runs} runs, medians)",
            table,
            "The first use of each document and settings is timed once, StorageJson's first, so that it also pays for compiling the serializer code both share.");
        return Task.CompletedTask;
    }

    /// <remarks>The two settings take turns run by run, so that a busy machine slows both alike.</remarks>
    private void Measure<T>(TextTable table, string name, T document, CancellationToken cancellationToken)
    {
        var ways = new[]
        {
            new Way<T>("StorageJson", () => StorageJson.Serialize(document), json => StorageJson.Deserialize<T>(json)),
            new Way<T>("API (before)", () => JsonSerializer.Serialize(document, FollowUpJson.Options), json => JsonSerializer.Deserialize<T>(json, FollowUpJson.Options)!),
        };
        foreach (var way in ways)
        {
            way.First();
        }

        for (var run = 0; run < arguments.Runs; run++)
        {
            foreach (var way in ways)
            {
                cancellationToken.ThrowIfCancellationRequested();
                way.Run(Operations);
            }
        }

        foreach (var way in ways)
        {
            table.Add(name, way.Name, Figures.Ms(way.FirstMs), Micro(Figures.Median(way.Writes)), Micro(Figures.Median(way.Reads)), Figures.Count(way.Bytes), Figures.Count(way.Length));
        }
    }

    /// <summary>One settings' way of writing and reading a document, and what it measured.</summary>
    private sealed class Way<T>(string name, Func<string> write, Func<string, T> read)
    {
        private string json = "";

        public string Name { get; } = name;

        public double FirstMs { get; private set; }

        public List<double> Writes { get; } = [];

        public List<double> Reads { get; } = [];

        public long Bytes { get; private set; }

        public int Length => json.Length;

        /// <summary>Times the first write and read, then warms up.</summary>
        public void First()
        {
            var started = Stopwatch.GetTimestamp();
            json = write();
            read(json);
            FirstMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            for (var i = 0; i < Operations / 10; i++)
            {
                read(write());
            }
        }

        /// <summary>Times <paramref name="operations"/> writes, then as many reads.</summary>
        public void Run(int operations)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < operations; i++)
            {
                json = write();
            }

            Writes.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / operations);
            started = Stopwatch.GetTimestamp();
            for (var i = 0; i < operations; i++)
            {
                read(json);
            }

            Reads.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / operations);
            Bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / operations;
        }
    }

    private static string Micro(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
