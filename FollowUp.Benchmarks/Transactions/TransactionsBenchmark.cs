using System.Diagnostics;
using Cronos;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Benchmarks.Lateness;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;
using FollowUp.Local.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FollowUp.Benchmarks.Transactions;

/// <summary>
/// Counts the storage transactions FollowUp.Local makes per enrollment, per step sent, per halting reply and per idle
/// minute, by table, queue and operation, and compares its sending throughput with a raw queue run on the same Azurite.
/// </summary>
/// <remarks>
/// FollowUp.Local runs in-process with its production settings (scan loop, queue listener and the other loops), and a
/// <see cref="StorageRequestCounter"/> on its storage clients sees every request it makes. The workload runs in windows
/// that do not overlap, and each window's count is divided by its units: the enrollment requests; each step's sends,
/// from just before the first of them falls due until every one's queue message is deleted (the listener's last call
/// for a step); the replies; the later drop of the halted enrollments' queued steps, counted the same way; the idle
/// minutes. So a window also holds what the loops did meanwhile (empty polls, scans), as a counting proxy would see it.
/// The steps follow one another within the look-ahead, so each is enqueued when the step before it is sent.
/// </remarks>
internal sealed class TransactionsBenchmark(BenchmarkArguments arguments, ProgressLog log, StorageRetryMonitor storage)
{
    private const string SendSequenceId = "transactions-send";
    private const string ReplySequenceId = "transactions-reply";
    private const string BacklogSequenceId = "transactions-backlog";

    /// <summary>Enrollment and reply requests sent at once.</summary>
    private const int ParallelRequests = 4;

    /// <summary>The steps of the three-step sequence: the first leaves time for every enrollment request to end before it falls due.</summary>
    private static readonly TimeSpan[] SendDelays = [TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(40)];

    /// <summary>The reply round's steps: the second leaves time for every reply to end before the halted steps surface.</summary>
    private static readonly TimeSpan[] ReplyDelays = [TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30)];

    /// <summary>How long a window waits for its last message before it gives up.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>Where a window that waits for due steps starts: this long before the first falls due.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(1);

    private readonly StorageRequestCounter counter = new();
    private StorageRequestKind messageDelete;

    /// <summary>Runs the benchmark and prints its tables.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"transactions: starting an in-memory Azurite and FollowUp.Local in-process, its storage requests counted");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        using var outbox = new TemporaryFolder();
        await using var app = await LocalApp.StartAsync(azurite.ConnectionString, outbox.Path, cancellationToken, services => services.AddSingleton(counter), arguments.Profile);
        messageDelete = new StorageRequestKind(StorageService.Queue, app.Get<FollowUpStorage>().StepQueue.Name, StorageOperation.DeleteMessage);
        var retriesBefore = storage.Retries;
        PrintSettings(app);

        var windows = new List<CountWindow>();
        if (arguments.Parts.HasFlag(TransactionsPart.Sends))
        {
            await SendRoundsAsync(app, windows, cancellationToken);
        }

        var queue = app.Get<IOptions<QueueTriggerOptions>>().Value;
        var scanInterval = ScanInterval(app);
        if (arguments.Parts.HasFlag(TransactionsPart.Idle))
        {
            windows.Add(await IdleAsync(queue.MaxPollingInterval, scanInterval, cancellationToken));
        }

        var rawElapsed = TimeSpan.Zero;
        if (arguments.Parts.HasFlag(TransactionsPart.Throughput))
        {
            log.Line($"transactions: throughput, {arguments.Steps} first steps enrolled while the queue listener is stopped, then sent at once");
            (var backlog, rawElapsed) = await ThroughputAsync(app, azurite.ConnectionString, cancellationToken);
            windows.Add(backlog);
        }

        IReadOnlyList<StepTiming>? lateness = null;
        if (arguments.Parts.HasFlag(TransactionsPart.Lateness))
        {
            log.Line($"lateness: {SpreadLatenessRun.Steps} single steps due over {Figures.Seconds(scanInterval * 1.5)} s while the app idles");
            lateness = await new SpreadLatenessRun(app, outbox.Path, log).RunAsync(scanInterval, queue.MaxPollingInterval, cancellationToken);
        }

        IReadOnlyList<StepTiming>? alone = null;
        if (arguments.Parts.HasFlag(TransactionsPart.Alone))
        {
            alone = await new AloneLatenessRun(azurite.ConnectionString, arguments.Profile, log).RunAsync(queue.MaxPollingInterval, cancellationToken);
        }

        new TransactionsReport(windows, arguments, queue, rawElapsed, storage.Retries - retriesBefore).Print(log);
        if (lateness is not null)
        {
            new SpreadLatenessReport(lateness, arguments.Profile, queue.MaxPollingInterval, scanInterval).Print(log, "single steps due at spread-out times while the app idles");
        }

        if (alone is not null)
        {
            new SpreadLatenessReport(alone, arguments.Profile, queue.MaxPollingInterval, scanInterval).Print(log, "one step on each of 6 apps, due once its queue polling has backed off fully");
        }
    }

    /// <summary>Round 1 sends every step of a three-step sequence; round 2's contacts reply after the first step.</summary>
    private async Task SendRoundsAsync(LocalApp app, List<CountWindow> windows, CancellationToken cancellationToken)
    {
        await PutSequenceAsync(app.Http, SendSequenceId, SendDelays, cancellationToken);
        await PutSequenceAsync(app.Http, ReplySequenceId, ReplyDelays, cancellationToken);
        var contacts = arguments.Contacts;
        log.Line($"transactions: round 1, {contacts} enrollments of a three-step sequence, every step sent");
        var (created, enrollment) = await EnrollAsync(app.Http, SendSequenceId, "send", contacts, "enrollment (POST /api/enrollments)", "enroll", cancellationToken);
        windows.Add(enrollment);
        var due = created.Min(c => c.NextDueUtc!.Value);
        windows.Add(await SendsAsync(due, contacts, "step 1 sent (not the last)", "step 1", cancellationToken));
        due += SendDelays[1];
        windows.Add(await SendsAsync(due, contacts, "step 2 sent (not the last)", "step 2", cancellationToken));
        due += SendDelays[2];
        windows.Add(await SendsAsync(due, contacts, "last step sent (enrollment completes)", "last", cancellationToken));

        log.Line($"transactions: round 2, {contacts} enrollments whose contacts reply after the first step");
        var (replying, again) = await EnrollAsync(app.Http, ReplySequenceId, "reply", contacts, "enrollment, again (round 2)", "enroll 2", cancellationToken);
        windows.Add(again);
        due = replying.Min(c => c.NextDueUtc!.Value);
        windows.Add(await SendsAsync(due, contacts, "step 1 sent, again (round 2)", "step 1 (2)", cancellationToken));
        var (halted, replies) = await ReplyAsync(app.Http, contacts, cancellationToken);
        windows.Add(replies);
        due += ReplyDelays[1];
        windows.Add(await SendsAsync(due, halted, "its queued step dropped later, per reply", "later", cancellationToken));
    }

    /// <summary>The longest wait between two scans of the app's schedule.</summary>
    private static TimeSpan ScanInterval(LocalApp app) =>
        ScanScheduleCheck.LongestInterval(CronExpression.Parse(app.Get<IConfiguration>()[ScanLoop.ScheduleSetting] ?? ScanLoop.DefaultSchedule, CronFormat.IncludeSeconds));

    private void PrintSettings(LocalApp app)
    {
        var configuration = app.Get<IConfiguration>();
        var engine = app.Get<IOptions<FollowUpOptions>>().Value;
        var queue = app.Get<IOptions<QueueTriggerOptions>>().Value;
        var settings = new TextTable("setting", "value")
            .Add("scan schedule (FOLLOWUP_SCAN_SCHEDULE)", configuration[ScanLoop.ScheduleSetting] ?? ScanLoop.DefaultSchedule)
            .Add("look-ahead (FollowUp:LookAhead)", engine.LookAhead.ToString())
            .Add("queue batchSize / newBatchThreshold", $"{queue.BatchSize} / {queue.NewBatchThreshold}")
            .Add("queue maxPollingInterval (extensions:queues:maxPollingInterval)", queue.MaxPollingInterval.ToString())
            .Add("notify / sweep schedules", $"{configuration[NotificationLoop.ScheduleSetting]} / {configuration[SweepLoop.ScheduleSetting]}")
            .Add("round 1: steps after enrollment", string.Join(", ", SendDelays.Select(Figures.Seconds)) + " s")
            .Add("round 2: steps after enrollment (a reply after step 1)", string.Join(", ", ReplyDelays.Select(Figures.Seconds)) + " s")
            .Add("contacts per round / idle minutes (at least one scan interval)", $"{arguments.Contacts} / {arguments.IdleMinutes}")
            .Add("parts run (--only)", arguments.Parts.ToString())
            .Add("throughput: steps / raw workers", $"{arguments.Steps} / {arguments.Workers}");
        log.Table($"Transactions benchmark settings (FollowUp:Profile {arguments.Profile})", settings);
    }

    private static async Task PutSequenceAsync(HttpClient http, string id, IReadOnlyList<TimeSpan> delays, CancellationToken cancellationToken)
    {
        var steps = delays.Select((delay, i) => new SequenceStepRequest(
            $"step{i + 1}", System.Xml.XmlConvert.ToString(delay), StepChannel.Email, $"Step {i + 1} for {{{{ contact.firstName }}}}", "Hi {{ contact.firstName }}, a follow-up.", null));
        using var response = await http.PutAsJsonAsync($"/api/sequences/{id}", new SequenceRequest("Transactions benchmark", [.. steps], new StopRulesRequest(true)), FollowUpJson.Options, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    private static string Email(string round, int i) => $"{round}{i}@example.com";

    /// <summary>Enrolls one contact per unit through the API, counted from the first request to the last answer.</summary>
    private async Task<(IReadOnlyList<EnrollmentCreated> Created, CountWindow Window)> EnrollAsync(
        HttpClient http, string sequenceId, string round, int count, string what, string column, CancellationToken cancellationToken)
    {
        var created = new EnrollmentCreated[count];
        var before = counter.Snapshot();
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var request = new EnrollmentRequest(sequenceId, new ContactRequest(Email(round, i), null, "Ada", null, null), null);
                using var response = await http.PostAsJsonAsync("/api/enrollments", request, FollowUpJson.Options, ct);
                await EnsureStatusAsync(response, HttpStatusCode.Created, ct);
                created[i] = (await response.Content.ReadFromJsonAsync<EnrollmentCreated>(FollowUpJson.Options, ct))!;
            });
        var window = new CountWindow(what, column, count, Stopwatch.GetElapsedTime(started), counter.Snapshot().Since(before));
        log.Line($"transactions: {count} enrollments in {Figures.Seconds(window.Elapsed)} s, {window.Made.Requests} storage requests");
        return (created, window);
    }

    /// <summary>Counts from just before <paramref name="firstDue"/> until <paramref name="expected"/> step messages are deleted.</summary>
    private async Task<CountWindow> SendsAsync(DateTimeOffset firstDue, int expected, string what, string column, CancellationToken cancellationToken)
    {
        var wait = firstDue - Lead - TimeProvider.System.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System, cancellationToken);
        }
        else
        {
            log.Line($"transactions: WARNING '{what}' began {Figures.Seconds(-wait)} s before its window: the machine is slower than the step delays allow, and the figures mix");
        }

        var before = counter.Snapshot();
        var started = Stopwatch.GetTimestamp();
        var made = await WaitForDeletesAsync(before, expected, cancellationToken);
        var window = new CountWindow(what, column, expected, Stopwatch.GetElapsedTime(started), made);
        log.Line($"transactions: {what}: {expected} in {Figures.Seconds(window.Elapsed)} s, {made.Requests} storage requests");
        return window;
    }

    /// <summary>Waits until the listener deleted <paramref name="expected"/> step messages since <paramref name="before"/>; returns the requests made meanwhile.</summary>
    private async Task<StorageRequestSnapshot> WaitForDeletesAsync(StorageRequestSnapshot before, int expected, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            var made = counter.Snapshot().Since(before);
            if (made.RequestsOf(messageDelete) >= expected)
            {
                return made;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                log.Line($"transactions: WARNING gave up with {made.RequestsOf(messageDelete)} of {expected} step messages deleted");
                return made;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>Each round-2 contact replies by email through the API; returns how many enrollments the replies halted.</summary>
    private async Task<(int Halted, CountWindow Window)> ReplyAsync(HttpClient http, int contacts, CancellationToken cancellationToken)
    {
        var halted = 0;
        var before = counter.Snapshot();
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, contacts),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var reply = new ReplyRequest(StepChannel.Email, Email("reply", i), "Thanks, no need to write again.", null);
                using var response = await http.PostAsJsonAsync("/api/replies", reply, FollowUpJson.Options, ct);
                await EnsureStatusAsync(response, HttpStatusCode.OK, ct);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                Interlocked.Add(ref halted, body.RootElement.GetProperty("halted").GetArrayLength());
            });
        var window = new CountWindow("reply that halts an enrollment (POST /api/replies)", "reply", contacts, Stopwatch.GetElapsedTime(started), counter.Snapshot().Since(before));
        log.Line($"transactions: {contacts} replies halted {halted} enrollments in {Figures.Seconds(window.Elapsed)} s, {window.Made.Requests} storage requests");
        return (halted, window);
    }

    /// <summary>Waits until the queue polling has backed off to its longest wait, then counts at least one whole scan interval.</summary>
    private async Task<CountWindow> IdleAsync(TimeSpan maxPollingInterval, TimeSpan scanInterval, CancellationToken cancellationToken)
    {
        var minutes = Math.Max(arguments.IdleMinutes, (int)Math.Ceiling(scanInterval.TotalMinutes));
        var rampUp = PollingBackoff.RampUp(maxPollingInterval);
        log.Line($"transactions: idle; {Figures.Seconds(rampUp)} s for the queue polling to back off to {maxPollingInterval}, then {minutes} min counted");
        await Task.Delay(rampUp, TimeProvider.System, cancellationToken);
        var before = counter.Snapshot();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromMinutes(minutes), TimeProvider.System, cancellationToken);
        var window = new CountWindow("idle minute (every step settled)", "idle min", minutes, Stopwatch.GetElapsedTime(started), counter.Snapshot().Since(before));
        log.Line($"transactions: {window.Made.Requests} storage requests in {minutes} idle minutes");
        return window;
    }

    /// <summary>
    /// Enrolls <see cref="BenchmarkArguments.Steps"/> contacts in a sequence whose first step is due at once while the
    /// queue listener is stopped, then starts it and counts until every first step is sent; then the raw queue run.
    /// </summary>
    private async Task<(CountWindow Backlog, TimeSpan RawElapsed)> ThroughputAsync(LocalApp app, string connectionString, CancellationToken cancellationToken)
    {
        await PutSequenceAsync(app.Http, BacklogSequenceId, [TimeSpan.Zero, TimeSpan.FromDays(1)], cancellationToken);
        var listener = app.Hosted<QueueListener>();
        await listener.StopAsync(cancellationToken);
        await EnrollAsync(app.Http, BacklogSequenceId, "backlog", arguments.Steps, "enrollment, first step due at once", "enroll now", cancellationToken);

        var before = counter.Snapshot();
        var started = Stopwatch.GetTimestamp();
        await listener.StartAsync(cancellationToken);
        var made = await WaitForDeletesAsync(before, arguments.Steps, cancellationToken);
        var backlog = new CountWindow("step sent from a backlog (not the last)", "backlog", arguments.Steps, Stopwatch.GetElapsedTime(started), made);
        log.Line($"transactions: {arguments.Steps} steps sent in {Figures.Seconds(backlog.Elapsed)} s");

        var queue = app.Get<IOptions<QueueTriggerOptions>>().Value;
        var raw = await RawQueueRun.RunAsync(connectionString, arguments.Steps, arguments.Workers, queue.BatchSize, cancellationToken);
        log.Line($"transactions: raw run: {arguments.Steps} messages received and deleted by {arguments.Workers} workers in {Figures.Seconds(raw)} s");
        return (backlog, raw);
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
