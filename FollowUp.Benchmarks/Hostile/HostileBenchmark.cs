using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;

namespace FollowUp.Benchmarks.Hostile;

/// <summary>
/// Hostile input over every route of FollowUp.Local, run as a child process over its own Azurite: never a 5xx, every refusal a
/// problem+json, nothing stored by a refused request, and the host's resident memory below <see cref="MemoryLimit"/> throughout.
/// </summary>
/// <remarks>
/// A sequence, a webhook source, a form source and one real enrollment are saved first, so that the hostile requests reach
/// past "not found" into the handlers; storage is read after that and again after the run, and must not differ.
/// </remarks>
internal sealed class HostileBenchmark(ProgressLog log)
{
    /// <summary>The most resident memory the host may use at any time.</summary>
    public const long MemoryLimit = 500 * Megabyte;

    private const long Megabyte = 1024 * 1024;

    private const int Concurrency = 8;

    private const string SecretSetting = "FollowUp:Sources:Secrets:Hostile";

    /// <summary>Runs the benchmark and prints its tables; returns whether every check held.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"hostile: starting an in-memory Azurite and FollowUp.Local as a child process");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        using var outbox = new TemporaryFolder();
        var apiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var settings = new Dictionary<string, string>
        {
            [StorageNames.ConnectionSetting] = azurite.ConnectionString,
            ["FollowUp:Local:StartAzurite"] = "false",
            ["FollowUp:Outbox:Path"] = outbox.Path,
            ["FollowUp:ApiKey"] = apiKey,
            ["FollowUp:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["FollowUp:PublicBaseUrl"] = "http://127.0.0.1/",
            ["FollowUp:Twilio:AuthToken"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            [SecretSetting] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)),
            // Refusals are logged as warnings; only errors are kept, to be counted.
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:FollowUp"] = "Error",
        };
        // It runs where its build output is, so that it reads FollowUp.Local's appsettings.json as a deployed host would.
        await using var host = LocalHostProcess.Create(settings, AppContext.BaseDirectory);
        await host.StartAsync(cancellationToken);
        await using var memory = new MemorySampler(host.Process);
        using var http = new HttpClient { BaseAddress = host.Address };
        http.DefaultRequestHeaders.Add("x-functions-key", apiKey);
        var targets = await ArrangeAsync(http, apiKey, cancellationToken);

        // Let start-up and the first schedule loops settle before memory and storage are read.
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var atRest = memory.Latest;
        memory.ResetPeak();
        var before = await StorageSnapshot.TakeAsync(azurite.ConnectionString, cancellationToken);
        var requests = HostileCatalogue.Build(targets);
        log.Line($"hostile: {before.Rows} rows in {before.Tables} tables and {before.Messages} messages in {before.Queues} queues before; sending {Figures.Count(requests.Count)} hostile requests, {Concurrency} at a time");

        var answers = new List<HostileAnswer>();
        var started = Stopwatch.GetTimestamp();
        using var sender = new HostileSender(host.Address);
        await Parallel.ForEachAsync(
            requests,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (request, ct) =>
            {
                var answer = await sender.SendAsync(request, ct);
                lock (answers)
                {
                    answers.Add(answer);
                    if (answers.Count % 250 == 0)
                    {
                        log.Line($"hostile: {answers.Count} answered, peak working set {memory.Peak / Megabyte} MB");
                    }
                }
            });
        var elapsed = Stopwatch.GetElapsedTime(started);
        var peak = memory.Peak;

        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var after = memory.Latest;
        var kernelPeak = memory.KernelPeak();
        var storageAfter = await StorageSnapshot.TakeAsync(azurite.ConnectionString, cancellationToken);
        // The form rate cap counts every submission, refused or not, or it would not cap a flood of bad ones.
        var counters = $"table {StorageNames.FormCountersTable}:";
        var allDifferences = before.Differences(storageAfter);
        var differences = allDifferences.Where(line => !line.StartsWith(counters, StringComparison.Ordinal)).ToList();
        var counted = allDifferences.FirstOrDefault(line => line.StartsWith(counters, StringComparison.Ordinal));
        var sent = Directory.EnumerateFiles(outbox.Path, "*", SearchOption.AllDirectories).Count();

        Report(answers, elapsed);
        var checks = new TextTable("check", "found", "holds");
        var serverErrors = answers.Count(answer => answer.IsServerError);
        var notProblem = answers.Count(IsNonProblemRefusal);
        var unanswered = answers.Count(answer => answer.Status == 0);
        var results = new List<bool>
        {
            Check(checks, "host still running", host.HasExited ? "exited" : "running", !host.HasExited),
            Check(checks, "5xx answers", Figures.Count(serverErrors), serverErrors == 0),
            Check(checks, "4xx not problem+json (bare Kestrel and page refusals aside)", Figures.Count(notProblem), notProblem == 0),
            Check(checks, "requests with no answer", Figures.Count(unanswered), unanswered == 0),
            Check(checks, "storage changed (every table and queue; rate counters aside)", differences.Count == 0 ? "nothing" : string.Join("; ", differences), differences.Count == 0),
            Check(checks, "files in the outbox (messages sent)", Figures.Count(sent), sent == 0),
            Check(checks, "peak resident memory below 500 MB", $"{Figures.Count(Math.Max(peak, kernelPeak ?? 0) / Megabyte)} MB", Math.Max(peak, kernelPeak ?? 0) < MemoryLimit),
        };
        log.Table(
            "Checks",
            checks,
            $"Resident memory of the host (sampled every {MemorySampler.Interval.TotalMilliseconds:F0} ms, {Figures.Count(memory.Count)} samples): {Figures.Count(atRest / Megabyte)} MB at rest before, peak {Figures.Count(peak / Megabyte)} MB during, {Figures.Count(after / Megabyte)} MB 5 s after"
                + (kernelPeak is { } hwm ? $"; the kernel's high-water mark (VmHWM, start-up included) {Figures.Count(hwm / Megabyte)} MB." : "."),
            $"Storage: {before.Rows} rows in {before.Tables} tables and {before.Messages} messages in {before.Queues} queues before, {storageAfter.Rows} rows and {storageAfter.Messages} messages after"
                + (counted is null ? "." : $"; besides, the form rate cap's counters, which count refused submissions too: {counted[6..]}."),
            "A bare Kestrel answer is counted as a refusal, not a 5xx, when it is 505 to an unknown HTTP version (RFC 9110).",
            $"Errors the host logged: {host.Errors.Count}" + (host.Errors.Count == 0 ? "." : ": " + string.Join(" / ", host.Errors.Distinct().Take(5))));
        foreach (var answer in answers.Where(answer => answer.IsServerError || answer.Status == 0 || IsNonProblemRefusal(answer)).Take(20))
        {
            log.Line($"hostile: FAILED {answer.Request.Method} {Shorten(answer.Request.Path)} ({answer.Request.Group}, {answer.Request.Case}): {answer.Status} {answer.MediaType} {answer.Error}");
        }

        return results.All(held => held);
    }

    /// <summary>A 4xx that is neither problem+json, nor Kestrel's bare refusal of unparsable framing, nor a browser link's page.</summary>
    private static bool IsNonProblemRefusal(HostileAnswer answer) =>
        answer.Status is >= 400 and < 500 && answer.MediaType != HostileAnswer.Problem && !answer.IsBareKestrelRefusal && !answer.IsPageRefusal;

    private static bool Check(TextTable table, string name, string found, bool holds)
    {
        table.Add(name, found, holds ? "yes" : "NO");
        return holds;
    }

    private void Report(List<HostileAnswer> answers, TimeSpan elapsed)
    {
        var table = new TextTable("route group", "requests", "2xx", "4xx problem+json", "4xx page", "4xx bare (Kestrel)", "4xx other", "5xx", "no answer");
        var groups = answers.GroupBy(answer => answer.Request.Group).OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (Name: group.Key, Rows: group.ToList()))
            .Append((Name: "all", Rows: answers));
        foreach (var (name, rows) in groups)
        {
            table.Add(
                name,
                Figures.Count(rows.Count),
                Figures.Count(rows.Count(a => a.Status is >= 200 and < 300)),
                Figures.Count(rows.Count(a => a.Status is >= 400 and < 500 && a.MediaType == HostileAnswer.Problem)),
                Figures.Count(rows.Count(a => a.IsPageRefusal)),
                Figures.Count(rows.Count(a => a.IsBareKestrelRefusal)),
                Figures.Count(rows.Count(IsNonProblemRefusal)),
                Figures.Count(rows.Count(a => a.IsServerError)),
                Figures.Count(rows.Count(a => a.Status == 0)));
        }

        var statuses = string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));
        log.Table(
            $"Hostile requests over every route of FollowUp.Local ({Figures.Count(answers.Count)} in {Figures.Seconds(elapsed)} s, {Concurrency} at a time)",
            table,
            $"Statuses: {statuses}.",
            "4xx page: the unsubscribe and confirmation links refuse with an HTML page by design, as browsers open them.",
            "4xx bare: Kestrel's own answer without a body to a request it cannot parse (bad request line, header or framing), before any route runs.");
    }

    /// <summary>Saves what the hostile requests aim at: a sequence due a month ahead, two sources and one enrollment.</summary>
    private static async Task<HostileTargets> ArrangeAsync(HttpClient http, string apiKey, CancellationToken cancellationToken)
    {
        const string sequence = "hostile-target";
        var steps = new[] { new { id = "first", after = "P30D", channel = "email", subject = "Hi {{ contact.firstName }}", text = "Hello" } };
        (await http.PutAsJsonAsync($"/api/sequences/{sequence}", new { name = "Hostile target", steps }, cancellationToken)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/api/sources/hostile-webhook", new { kind = "webhook", secretSetting = SecretSetting, on = new Dictionary<string, object> { ["lead.created"] = new { enroll = sequence } } }, cancellationToken)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/api/sources/hostile-form", new { kind = "form", on = new { submit = new { enroll = sequence } }, allowedOrigins = new[] { "https://shop.example" } }, cancellationToken)).EnsureSuccessStatusCode();
        using var enrolled = await http.PostAsJsonAsync("/api/enrollments", new { sequenceId = sequence, contact = new { email = "target@example.com", firstName = "Ann" } }, cancellationToken);
        enrolled.EnsureSuccessStatusCode();
        using var view = JsonDocument.Parse(await enrolled.Content.ReadAsStringAsync(cancellationToken));
        return new HostileTargets(apiKey, sequence, "hostile-webhook", "hostile-form", view.RootElement.GetProperty("enrollmentId").GetString()!);
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..60] + $"…({value.Length} characters)";
}
