using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;
using Microsoft.Extensions.Configuration;

namespace FollowUp.Benchmarks.Crash;

/// <summary>
/// Kills FollowUp.Local with SIGKILL again and again while it sends a sequence's steps through an ACS that fails a fifth of
/// its requests, with duplicate copies of the step messages on the queue, and counts what each recipient really got.
/// </summary>
/// <remarks>
/// The host is a child process (<c>dotnet FollowUp.Local.dll</c>) over an Azurite the benchmark keeps across restarts. Each
/// kill comes 5 to 20 s after the host answered, and the next host starts at once. The sends whose claim was held by the
/// killed host (status Sending in the Sends table right after the kill) are followed until the step is settled: the time
/// from the restart to the email going out, or, for an email that had gone out before the kill, to the claim's completion.
/// A claim held through several kills counts from the first of them. Once every step went out the kills stop, the run
/// waits for the claims still sending to settle, and the last host runs 30 s more so that a late second send would show.
/// </remarks>
internal sealed class CrashBenchmark(BenchmarkArguments arguments, ProgressLog log)
{
    private const string SequenceId = "crash-benchmark";

    /// <summary>The steps, each this long after the one before; all fall due within about two minutes of enrollment.</summary>
    private static readonly (string Id, TimeSpan After)[] Steps =
    [
        ("one", TimeSpan.FromSeconds(20)),
        ("two", TimeSpan.FromSeconds(40)),
        ("three", TimeSpan.FromSeconds(40)),
    ];

    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(15);

    /// <summary>How long the last host runs after the last step went out, so that a late second send would be seen.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private const int ParallelRequests = 4;

    /// <summary>Runs the benchmark and prints its tables; false when a step was sent twice or never.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"crash: starting an in-memory Azurite, a flaky ACS and FollowUp.Local as a child process");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        await using var acs = await FlakyAcs.StartAsync(cancellationToken);
        using var folder = new TemporaryFolder();
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            [StorageNames.ConnectionSetting] = azurite.ConnectionString,
            ["FollowUp__Local__StartAzurite"] = "false",
            ["FollowUp__Email__Provider"] = "Acs",
            ["FollowUp__Email__From"] = "FollowUp <followup@crash.example>",
            ["FollowUp__Acs__Endpoint"] = acs.Endpoint.AbsoluteUri,
            ["FollowUp__Acs__AccessKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // The benchmark is about crashes, not about waiting for ACS's default quota of 30 a minute.
            ["FollowUp__Email__RateLimits__0__Count"] = "5000",
            ["FollowUp__Email__RateLimits__0__Window"] = "00:01:00",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__FollowUp"] = "Warning",
        };
        var logPath = Path.Combine(folder.Path, "host.log");
        await using var host = LocalHostProcess.Create(settings, folder.Path, logPath);
        using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(1) };
        await host.StartAsync(cancellationToken);

        await PutSequenceAsync(http, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var enrollments = await EnrollAsync(http, cancellationToken);
        log.Line($"crash: {enrollments.Count} enrollments in {Figures.Seconds(Stopwatch.GetElapsedTime(started))} s");
        var expected = enrollments
            .SelectMany(e => Steps.Select(step => (Key: FlakyAcs.KeyOf(e.Email, step.Id), Send: (e.Created.EnrollmentId, step.Id))))
            .ToDictionary(pair => pair.Key, pair => pair.Send);

        var storage = new FollowUpStorage(new ConfigurationBuilder().AddInMemoryCollection([new(StorageNames.ConnectionSetting, azurite.ConnectionString)]).Build());
        var queue = storage.StepQueue;
        var sends = storage.Table(StorageNames.SendsTable);
        var version = (await http.GetFromJsonAsync<EnrollmentView>($"/api/enrollments/{enrollments[0].Created.EnrollmentId}", FollowUpJson.Options, cancellationToken))!.SequenceVersion;
        var duplicates = await EnqueueDuplicatesAsync(queue, enrollments, version, cancellationToken);

        var kills = new List<CrashKill>();
        var runStarted = DateTimeOffset.UtcNow;
        var deadline = runStarted + TimeLimit;
        while (!AllDelivered(acs, expected) && DateTimeOffset.UtcNow < deadline)
        {
            var killAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Random.Shared.Next(5, 21));
            while (DateTimeOffset.UtcNow < killAt && !AllDelivered(acs, expected))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }

            if (AllDelivered(acs, expected))
            {
                break;
            }

            var killed = DateTimeOffset.UtcNow;
            await host.KillAsync();
            var claimed = await ClaimedAsync(sends, cancellationToken);
            var restarted = DateTimeOffset.UtcNow;
            await host.StartAsync(cancellationToken);
            kills.Add(new CrashKill(killed, restarted, claimed));
            duplicates += await CopyVisibleMessagesAsync(queue, cancellationToken);
            log.Line($"crash: kill {kills.Count} held {claimed.Count} claims; {DeliveredCount(acs, expected)} of {expected.Count} steps delivered");
        }

        log.Line($"crash: {DeliveredCount(acs, expected)} of {expected.Count} steps delivered after {kills.Count} kills; waiting for the claims still sending to settle");
        while ((await ClaimedAsync(sends, cancellationToken)).Count > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        log.Line($"crash: watching {Figures.Seconds(Settle)} s more for late second sends");
        await Task.Delay(Settle, cancellationToken);
        var claims = await ReadClaimsAsync(sends, cancellationToken);
        await host.KillAsync();

        return Report(acs, expected, kills, claims, duplicates, DateTimeOffset.UtcNow - runStarted, logPath);
    }

    private bool Report(
        FlakyAcs acs,
        IReadOnlyDictionary<string, (string EnrollmentId, string StepId)> expected,
        IReadOnlyList<CrashKill> kills,
        IReadOnlyDictionary<(string, string), DateTimeOffset?> claims,
        int duplicates,
        TimeSpan elapsed,
        string logPath)
    {
        var counts = expected.Keys.Select(key => acs.Deliveries.TryGetValue(key, out var times) ? times.Count : 0).ToList();
        var once = counts.Count(c => c == 1);
        var twice = counts.Count(c => c > 1);
        var never = counts.Count(c => c == 0);
        var unexpected = acs.Deliveries.Keys.Count(key => !expected.ContainsKey(key));

        // A claim held through several kills (never taken over in between) counts from the first restart after it was claimed.
        var byKey = expected.ToDictionary(pair => pair.Value, pair => pair.Key);
        var recoveries = new List<double>();
        var unsettled = 0;
        foreach (var send in kills.SelectMany(kill => kill.Claimed.Keys).Distinct())
        {
            var delivered = acs.Deliveries.TryGetValue(byKey[send], out var times) && !times.IsEmpty ? times.Min() : (DateTimeOffset?)null;
            var completed = claims.GetValueOrDefault(send);
            var last = kills.LastOrDefault(k => k.Claimed.ContainsKey(send) && (completed is null || k.KilledUtc < completed));
            if (last is null || completed is null)
            {
                unsettled++;
                continue;
            }

            var kill = kills.First(k => k.Claimed.TryGetValue(send, out var claimedUtc) && claimedUtc == last.Claimed[send]);
            var settled = delivered > kill.RestartedUtc ? delivered.Value : completed.Value;
            recoveries.Add((settled - kill.RestartedUtc).TotalSeconds);
        }

        recoveries.Sort();
        var table = new TextTable("figure", "value")
            .Add("contacts × steps (steps expected)", $"{Figures.Count(expected.Count / Steps.Length)} × {Steps.Length} = {Figures.Count(expected.Count)}")
            .Add("delivered exactly once", Figures.Count(once))
            .Add("delivered twice or more (must be 0)", Figures.Count(twice))
            .Add("never delivered (must be 0)", Figures.Count(never))
            .Add("emails to no expected step (must be 0)", Figures.Count(unexpected))
            .Add("kills (SIGKILL, restarted at once)", Figures.Count(kills.Count))
            .Add("duplicate step messages put on the queue", Figures.Count(duplicates))
            .Add("ACS requests refused (503/429) / answers dropped after sending / 409 repeats", $"{Figures.Count(acs.Refused)} / {Figures.Count(acs.Dropped)} / {Figures.Count(acs.Conflicts)}")
            .Add("sends claimed by a killed host", Figures.Count(recoveries.Count + unsettled))
            .Add("  restart → settled, p50 / max (s)", recoveries.Count == 0 ? "-" : $"{Figures.Percentile(recoveries, 50):F1} / {recoveries[^1]:F1}")
            .Add("  not settled at the end", Figures.Count(unsettled))
            .Add("run time (s)", Figures.Seconds(elapsed));
        log.Table("Crash benchmark", table,
            "A claimed send is settled when its email goes out after the restart, or, if it went out before the kill, when its claim is completed;",
            "a claim held through several kills counts from the first restart.",
            $"The hosts' output is in {logPath} while the benchmark runs.");
        var passed = twice == 0 && never == 0 && unexpected == 0;
        log.Line($"crash: {(passed ? "PASSED: every step delivered exactly once" : "FAILED: a step was sent twice or lost")}");
        return passed;
    }

    private static bool AllDelivered(FlakyAcs acs, IReadOnlyDictionary<string, (string, string)> expected) => DeliveredCount(acs, expected) == expected.Count;

    private static int DeliveredCount(FlakyAcs acs, IReadOnlyDictionary<string, (string, string)> expected) => expected.Keys.Count(acs.Deliveries.ContainsKey);

    private static async Task PutSequenceAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var sequence = new SequenceRequest(
            "Crash benchmark",
            [.. Steps.Select(step => new SequenceStepRequest(step.Id, System.Xml.XmlConvert.ToString(step.After), StepChannel.Email, step.Id, "Hi {{ contact.firstName }}, this is " + step.Id + ".", null))],
            new StopRulesRequest(true));
        using var response = await http.PutAsJsonAsync($"/api/sequences/{SequenceId}", sequence, FollowUpJson.Options, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    private async Task<IReadOnlyList<(string Email, EnrollmentCreated Created)>> EnrollAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var created = new (string, EnrollmentCreated)[arguments.Contacts];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, arguments.Contacts),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var email = $"crash{i}@example.com";
                var request = new EnrollmentRequest(SequenceId, new ContactRequest(email, null, "Ada", null, null), null);
                using var response = await http.PostAsJsonAsync("/api/enrollments", request, FollowUpJson.Options, ct);
                await EnsureStatusAsync(response, HttpStatusCode.Created, ct);
                created[i] = (email, (await response.Content.ReadFromJsonAsync<EnrollmentCreated>(FollowUpJson.Options, ct))!);
            });
        return created;
    }

    /// <summary>Puts a second message for every step on the queue, visible around when the step falls due, and a third for the first step at once.</summary>
    private static async Task<int> EnqueueDuplicatesAsync(QueueClient queue, IReadOnlyList<(string Email, EnrollmentCreated Created)> enrollments, int version, CancellationToken cancellationToken)
    {
        var count = 0;
        await Parallel.ForEachAsync(enrollments, new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken }, async (enrollment, ct) =>
        {
            var due = enrollment.Created.NextDueUtc ?? DateTimeOffset.UtcNow;
            foreach (var (id, after) in Steps)
            {
                due += id == Steps[0].Id ? TimeSpan.Zero : after;
                var delay = due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Random.Shared.Next(0, 10));
                var body = new StepMessage(enrollment.Created.EnrollmentId, id, version).ToJson();
                await queue.SendMessageAsync(body, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, TimeSpan.FromSeconds(-1), ct);
                Interlocked.Increment(ref count);
            }

            await queue.SendMessageAsync(new StepMessage(enrollment.Created.EnrollmentId, Steps[0].Id, version).ToJson(), null, TimeSpan.FromSeconds(-1), ct);
            Interlocked.Increment(ref count);
        });
        return count;
    }

    /// <summary>Copies the messages visible on the queue now (up to 32).</summary>
    private static async Task<int> CopyVisibleMessagesAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        var peeked = (await queue.PeekMessagesAsync(32, cancellationToken)).Value;
        foreach (var message in peeked)
        {
            await queue.SendMessageAsync(message.Body, null, TimeSpan.FromSeconds(-1), cancellationToken);
        }

        return peeked.Length;
    }

    /// <summary>The sends whose claim is still Sending: after a kill, the ones the killed host held.</summary>
    private static async Task<IReadOnlyDictionary<(string, string), DateTimeOffset>> ClaimedAsync(TableClient sends, CancellationToken cancellationToken)
    {
        var claimed = new Dictionary<(string, string), DateTimeOffset>();
        await foreach (var entity in sends.QueryAsync<TableEntity>($"Status eq '{nameof(ClaimStatus.Sending)}'", select: ["PartitionKey", "RowKey", "ClaimedUtc"], cancellationToken: cancellationToken))
        {
            claimed[(entity.PartitionKey, entity.RowKey)] = entity.GetDateTimeOffset("ClaimedUtc") ?? default;
        }

        return claimed;
    }

    private static async Task<IReadOnlyDictionary<(string, string), DateTimeOffset?>> ReadClaimsAsync(TableClient sends, CancellationToken cancellationToken)
    {
        var claims = new Dictionary<(string, string), DateTimeOffset?>();
        await foreach (var entity in sends.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            claims[(entity.PartitionKey, entity.RowKey)] = entity.GetDateTimeOffset("CompletedUtc");
        }

        return claims;
    }

    private static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {body}");
        }
    }
}
