using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Local.Azurite;
using FollowUp.Local.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FollowUp.Benchmarks.Lateness;

/// <summary>Measures how late steps that fall due within one minute are sent through FollowUp.Local's scan and queue listener.</summary>
/// <remarks>
/// The step's delay exceeds the look-ahead, so no step is enqueued at enrollment: each goes through the DueIndex, a scheduled
/// scan, a queue message with a visibility delay and the listener, which is the path every later step of a sequence takes.
/// </remarks>
internal sealed class LatenessBenchmark(BenchmarkArguments arguments, ProgressLog log, StorageRetryMonitor storage)
{
    private const string SequenceId = "lateness-benchmark";

    /// <summary>The step's delay after enrollment: more than the two-minute look-ahead plus the one-minute scan interval.</summary>
    private const string StepDelay = "PT3M";

    /// <summary>Enrollment requests sent at once.</summary>
    private const int ParallelRequests = 4;

    /// <summary>How long after the last due time the benchmark waits for the last send before it gives up.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs the benchmark and prints its tables.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        log.Line($"lateness: starting an in-memory Azurite and FollowUp.Local");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        using var outbox = new TemporaryFolder();
        await using var app = await LocalApp.StartAsync(azurite.ConnectionString, outbox.Path, cancellationToken);
        PrintSettings(app);

        var started = time.GetUtcNow();
        var retriesBefore = storage.Retries;
        await PutSequenceAsync(app.Http, cancellationToken);
        var enrolling = Stopwatch.GetTimestamp();
        var created = await EnrollAsync(app.Http, cancellationToken);
        var enrollElapsed = Stopwatch.GetElapsedTime(enrolling);
        var firstDue = created.Min(c => c.NextDueUtc!.Value);
        var lastDue = created.Max(c => c.NextDueUtc!.Value);
        log.Line($"lateness: {created.Count} enrollments in {Figures.Seconds(enrollElapsed)} s; due from {firstDue:HH:mm:ss.fff} to {lastDue:HH:mm:ss.fff} UTC ({Figures.Seconds(lastDue - firstDue)} s apart)");
        if (lastDue - firstDue > TimeSpan.FromMinutes(1))
        {
            log.Line($"lateness: WARNING the due times span more than one minute; the enrollments were slower than planned");
        }

        var allSent = await WaitForSendsAsync(outbox.Path, created.Count, lastDue + Patience, cancellationToken);
        var timings = await ReadTimingsAsync(app, created, lastDue + Patience, cancellationToken);
        var report = new LatenessReport(timings, allSent, enrollElapsed, ParallelRequests, time.GetUtcNow() - started, storage.Retries - retriesBefore);
        report.Print(log);
    }

    private void PrintSettings(LocalApp app)
    {
        var configuration = app.Get<IConfiguration>();
        var engine = app.Get<IOptions<FollowUpOptions>>().Value;
        var queue = app.Get<IOptions<QueueTriggerOptions>>().Value;
        var settings = new TextTable("setting", "value")
            .Add("scan schedule (FOLLOWUP_SCAN_SCHEDULE)", configuration[ScanLoop.ScheduleSetting] ?? ScanLoop.DefaultSchedule)
            .Add("look-ahead (FollowUp:LookAhead)", engine.LookAhead.ToString())
            .Add("queue batchSize / newBatchThreshold", $"{queue.BatchSize} / {queue.NewBatchThreshold}")
            .Add("queue maxPollingInterval", queue.MaxPollingInterval.ToString())
            .Add("queue visibilityTimeout", queue.VisibilityTimeout.ToString())
            .Add("step delay after enrollment", StepDelay);
        log.Table("Lateness benchmark settings (production defaults)", settings);
    }

    private static async Task PutSequenceAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var sequence = new SequenceRequest(
            "Lateness benchmark",
            [new SequenceStepRequest("reminder", StepDelay, StepChannel.Email, "Hello {{ contact.firstName }}", "Hi {{ contact.firstName }}, just checking in.", null)],
            new StopRulesRequest(true));
        using var response = await http.PutAsJsonAsync($"/api/sequences/{SequenceId}", sequence, FollowUpJson.Options, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    private async Task<IReadOnlyList<EnrollmentCreated>> EnrollAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var created = new EnrollmentCreated[arguments.Due];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, arguments.Due),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var request = new EnrollmentRequest(SequenceId, new ContactRequest($"contact{i}@example.com", null, "Ada", null, null), null);
                using var response = await http.PostAsJsonAsync("/api/enrollments", request, FollowUpJson.Options, ct);
                await EnsureStatusAsync(response, HttpStatusCode.Created, ct);
                created[i] = (await response.Content.ReadFromJsonAsync<EnrollmentCreated>(FollowUpJson.Options, ct))!;
            });
        return created;
    }

    /// <summary>Waits until the outbox holds one email per enrollment; watching files adds no load on storage.</summary>
    private async Task<bool> WaitForSendsAsync(string outboxPath, int expected, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var lastReport = time.GetUtcNow();
        while (true)
        {
            var sent = Directory.GetFiles(outboxPath, "*.eml").Length;
            var now = time.GetUtcNow();
            if (sent >= expected)
            {
                log.Line($"lateness: all {sent} emails are in the outbox");
                return true;
            }

            if (now > deadline)
            {
                log.Line($"lateness: gave up waiting with {sent} of {expected} emails in the outbox");
                return false;
            }

            if (now - lastReport >= TimeSpan.FromSeconds(15))
            {
                log.Line($"lateness: {sent} of {expected} sent");
                lastReport = now;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>Reads each step's times from the API and its send claim, reading again those whose send is not recorded yet.</summary>
    private static async Task<IReadOnlyList<StepTiming>> ReadTimingsAsync(LocalApp app, IReadOnlyList<EnrollmentCreated> created, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var claims = app.Get<SendClaims>();
        var timings = new StepTiming[created.Count];
        var pending = Enumerable.Range(0, created.Count).ToList();
        while (true)
        {
            await Parallel.ForEachAsync(
                pending,
                new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var view = (await app.Http.GetFromJsonAsync<EnrollmentView>($"/api/enrollments/{created[i].EnrollmentId}", FollowUpJson.Options, ct))!;
                    var step = view.Steps[0];
                    var claim = await claims.GetAsync(new SendKey(view.EnrollmentId, step.Id), ct);
                    timings[i] = new StepTiming(view.EnrollmentId, step.DueUtc, claim?.ClaimedUtc, step.Status == StepStatus.Sent ? step.SentUtc : null);
                });
            pending = pending.Where(i => timings[i].SentUtc is null).ToList();
            if (pending.Count == 0 || TimeProvider.System.GetUtcNow() > deadline)
            {
                return timings;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken);
        }
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
