using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;

namespace FollowUp.Benchmarks.Dashboard;

/// <summary>Times every dashboard page and weighs it, with a few thousand enrollments in storage, against FollowUp.Local as a child process.</summary>
/// <remarks>
/// The host runs as it runs for a person on their machine (loopback, no key), over an in-memory Azurite. The benchmark
/// defines 25 sequences (a full first page of the sequences list), enrolls <c>--contacts</c> contacts across three of them through the API, lets every first step go out, and has one
/// contact in ten reply. Each page is then fetched <see cref="Samples"/> times, one at a time, after two unmeasured fetches;
/// the time is the whole answer as the client reads it. The weight is the page's HTML plus the stylesheet and script, which a
/// first visit also loads (later visits keep them a year).
/// </remarks>
internal sealed partial class DashboardBenchmark(BenchmarkArguments arguments, ProgressLog log)
{
    private const int Samples = 20;
    private const int PageBudgetBytes = 150 * 1024;
    private const double PageBudgetMs = 200;
    private const int IdleSequences = 22;
    private static readonly string[] SequenceIds = ["bench-leads", "bench-quotes", "bench-reviews"];

    /// <summary>Runs the benchmark and prints its table; returns whether every page kept within the issue's limits.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"dashboard: starting an in-memory Azurite and FollowUp.Local as a child process");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        using var outbox = new TemporaryFolder();
        var settings = new Dictionary<string, string>
        {
            [StorageNames.ConnectionSetting] = azurite.ConnectionString,
            ["FollowUp:Local:StartAzurite"] = "false",
            ["FollowUp:Outbox:Path"] = outbox.Path,
            ["FollowUp:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:FollowUp"] = "Error",
        };
        await using var host = LocalHostProcess.Create(settings, AppContext.BaseDirectory);
        await host.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = host.Address };

        var (enrollmentId, email) = await SeedAsync(http, outbox.Path, cancellationToken);
        var overview = await http.GetStringAsync("/api/dashboard", cancellationToken);
        var assetBytes = 0L;
        foreach (Match asset in AssetLink().Matches(overview))
        {
            assetBytes += (await http.GetByteArrayAsync(asset.Groups["url"].Value, cancellationToken)).Length;
        }

        var table = new TextTable("page", "status", "HTML KB", "first visit KB", "median ms", "p95 ms", "max ms");
        var within = true;
        foreach (var path in Pages(enrollmentId, email))
        {
            var times = new List<double>();
            var status = 0;
            var bytes = 0;
            for (var i = 0; i < Samples + 2; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                status = (int)response.StatusCode;
                bytes = body.Length;
                if (i >= 2)
                {
                    times.Add(elapsed);
                }
            }

            var sorted = times.Order().ToArray();
            var firstVisit = bytes + assetBytes;
            within &= status == 200 && firstVisit < PageBudgetBytes && Figures.Percentile(sorted, 95) < PageBudgetMs;
            table.Add(path, status.ToString(System.Globalization.CultureInfo.InvariantCulture), Kb(bytes), Kb(firstVisit), Figures.Ms(Figures.Median(sorted)), Figures.Ms(Figures.Percentile(sorted, 95)), Figures.Ms(sorted[^1]));
        }

        log.Table(
            $"Dashboard pages with {Figures.Count(arguments.Contacts)} enrollments in {SequenceIds.Length} of {SequenceIds.Length + IdleSequences} sequences ({Samples} fetches each, one at a time, after 2 unmeasured)",
            table,
            $"first visit: the HTML plus the stylesheet and script ({Kb(assetBytes)} KB together), which browsers then keep for a year;",
            $"limits of issue 17: under {PageBudgetBytes / 1024} KB a page and under {PageBudgetMs:F0} ms locally; {(within ? "every page keeps within them" : "A PAGE EXCEEDS THEM")}.");
        return within;
    }

    /// <summary>The pages to time; the ids come from the seeded data.</summary>
    private static IEnumerable<string> Pages(string enrollmentId, string email) =>
    [
        "/api/dashboard",
        "/api/dashboard/sequences",
        "/api/dashboard/sequences/new",
        $"/api/dashboard/sequences/{SequenceIds[0]}/edit",
        $"/api/dashboard/sequences/{SequenceIds[0]}/report",
        "/api/dashboard/enrollments",
        $"/api/dashboard/enrollments?sequence={SequenceIds[0]}&status=active",
        $"/api/dashboard/enrollments/{Uri.EscapeDataString(enrollmentId)}",
        "/api/dashboard/enrollments/new",
        "/api/dashboard/replies",
        $"/api/dashboard/contacts?q={Uri.EscapeDataString(email)}",
        "/api/dashboard/sources",
        "/api/dashboard/settings",
    ];

    /// <summary>Defines the sequences, enrolls the contacts, waits for every first step, and has one in ten reply; returns one enrollment and one address to look at.</summary>
    private async Task<(string EnrollmentId, string Email)> SeedAsync(HttpClient http, string outboxPath, CancellationToken cancellationToken)
    {
        foreach (var id in SequenceIds.Concat(Enumerable.Range(1, IdleSequences).Select(i => $"bench-idle-{i:D2}")))
        {
            var sequence = new
            {
                name = "Benchmark " + id,
                steps = new object[]
                {
                    new { id = "thanks", after = "PT0S", channel = "email", subject = "Thanks, {{ contact.firstName }}", text = "Hi {{ contact.firstName }}, thanks for getting in touch." },
                    new { id = "tip", after = "P3D", channel = "email", subject = "A tip", text = "A useful tip." },
                    new { id = "question", after = "P7D", channel = "email", subject = "A question", text = "Any questions?" },
                    new { id = "closing", after = "P14D", channel = "email", subject = "Closing the loop", text = "I'll stop here." },
                },
                stopOn = new { reply = true },
            };
            (await http.PutAsJsonAsync($"/api/sequences/{id}", sequence, cancellationToken)).EnsureSuccessStatusCode();
        }

        var started = Stopwatch.GetTimestamp();
        var enrollmentIds = new string[arguments.Contacts];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, arguments.Contacts),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var body = new { sequenceId = SequenceIds[i % SequenceIds.Length], contact = new { email = Email(i), firstName = "Contact" + i } };
                using var response = await http.PostAsJsonAsync("/api/enrollments", body, ct);
                response.EnsureSuccessStatusCode();
                enrollmentIds[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("enrollmentId").GetString()!;
            });
        log.Line($"dashboard: enrolled {Figures.Count(arguments.Contacts)} contacts in {Figures.Seconds(Stopwatch.GetElapsedTime(started))} s; waiting for the first steps");

        while (Directory.EnumerateFiles(outboxPath, "*.eml", SearchOption.AllDirectories).Count() < arguments.Contacts)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        log.Line($"dashboard: {Figures.Count(arguments.Contacts)} first steps sent after {Figures.Seconds(Stopwatch.GetElapsedTime(started))} s; one contact in ten replies");
        await Parallel.ForEachAsync(
            Enumerable.Range(0, arguments.Contacts).Where(i => i % 10 == 0),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => (await http.PostAsJsonAsync("/api/replies", new { channel = "email", from = Email(i), text = "Yes please, call me on Monday." }, ct)).EnsureSuccessStatusCode());
        return (enrollmentIds[1], Email(1));
    }

    private static string Email(int i) => $"contact-{i}@bench.example";

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("(?:href|src)=\"(?<url>/api/dashboard/assets/[^\"]+)\"")]
    private static partial Regex AssetLink();
}
