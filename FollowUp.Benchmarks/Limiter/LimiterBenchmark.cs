using System.Collections.Concurrent;
using System.Diagnostics;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FollowUp.Benchmarks.Limiter;

/// <summary>Shows that the send rate limiter holds a configured rate across hosts: workers on several limiters sharing one table reserve as fast as they may.</summary>
/// <remarks>
/// Each simulated host has its own storage clients and limiter, as a Functions instance has. Email is limited to
/// <c>--rate</c> a minute (an ACS-like limit) and SMS to 1 a second (a Twilio long code); both channels run at once on the
/// real clock. A worker reserves one unit, waits until its slot as the dispatcher does, records it, and reserves again,
/// until the limiter grants a slot after the run's end.
/// </remarks>
internal sealed class LimiterBenchmark(BenchmarkArguments arguments, ProgressLog log, StorageRetryMonitor storage)
{
    /// <summary>Workers per host and channel, each with one reservation at a time, as concurrent dispatches have.</summary>
    private const int WorkersPerHost = 16;

    /// <summary>Runs the benchmark and prints its table.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        log.Line($"limiter: starting an in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), cancellationToken);
        var email = RateLimit.Of(arguments.Rate, TimeSpan.FromMinutes(1));
        var sms = RateLimit.Of(1, TimeSpan.FromSeconds(1));
        var options = new FollowUpOptions { Email = { RateLimits = [email] }, Sms = { RateLimits = [sms] } };
        var hosts = new SendRateLimiter[arguments.Hosts];
        for (var i = 0; i < hosts.Length; i++)
        {
            hosts[i] = await StartHostAsync(azurite.ConnectionString, options, cancellationToken);
        }

        var duration = TimeSpan.FromMinutes(arguments.Minutes);
        log.Line($"limiter: {hosts.Length} hosts × {WorkersPerHost} workers per channel reserve for {arguments.Minutes} min: email at {email}, sms at {sms}");
        var retriesBefore = storage.Retries;
        var runs = await Task.WhenAll(
            RunChannelAsync(hosts, StepChannel.Email, email, duration, cancellationToken),
            RunChannelAsync(hosts, StepChannel.Sms, sms, duration, cancellationToken));
        Print(runs, storage.Retries - retriesBefore);
    }

    private static async Task<SendRateLimiter> StartHostAsync(string connectionString, FollowUpOptions options, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.ConnectionSetting] = connectionString })
            .Build();
        var hostStorage = new FollowUpStorage(configuration);
        await hostStorage.EnsureCreatedAsync(cancellationToken);
        return new SendRateLimiter(hostStorage, new SendRateLimits(Options.Create(options)), TimeProvider.System, NullLogger<SendRateLimiter>.Instance);
    }

    private static async Task<LimiterRun> RunChannelAsync(SendRateLimiter[] hosts, StepChannel channel, RateLimit limit, TimeSpan duration, CancellationToken cancellationToken)
    {
        var end = TimeProvider.System.GetUtcNow() + duration;
        var grants = new ConcurrentBag<Grant>();
        var workers = hosts.SelectMany((host, index) => Enumerable.Range(0, WorkersPerHost)
            .Select(_ => Task.Run(() => WorkAsync(host, index, channel, end, grants, cancellationToken), cancellationToken)));
        await Task.WhenAll(workers);
        return new LimiterRun(channel, limit, duration, [.. grants.OrderBy(grant => grant.SlotUtc)]);
    }

    /// <summary>Reserves one unit at a time and waits for its slot, until a slot falls after <paramref name="end"/>.</summary>
    private static async Task WorkAsync(SendRateLimiter limiter, int host, StepChannel channel, DateTimeOffset end, ConcurrentBag<Grant> grants, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        while (true)
        {
            var asked = Stopwatch.GetTimestamp();
            var slot = await limiter.ReserveAsync(channel, 1, cancellationToken);
            var reserving = Stopwatch.GetElapsedTime(asked);
            if (slot >= end)
            {
                return;
            }

            var wait = slot - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            grants.Add(new Grant(host, slot, time.GetUtcNow(), reserving));
        }
    }

    private void Print(IReadOnlyList<LimiterRun> runs, int retries)
    {
        var table = new TextTable("channel", "limit", "configured /min", "granted", "per host", "granted /min", "achieved", "error",
            "max in any window", "max sent in any window", "reserve p50 ms", "reserve p99 ms", "late p50 ms", "late max ms", "margin ms", "holds");
        foreach (var run in runs)
        {
            var reserving = run.Grants.Select(grant => grant.Reserving.TotalMilliseconds).Order().ToArray();
            var late = run.Grants.Select(grant => (grant.SentUtc - grant.SlotUtc).TotalMilliseconds).Order().ToArray();
            table.Add(
                run.Channel.ToString(),
                run.Limit.ToString(),
                Figures.Rate(run.ConfiguredPerMinute),
                Figures.Count(run.Grants.Count),
                string.Join(" / ", run.PerHost),
                Figures.Rate(run.AchievedPerMinute),
                Figures.Percent(run.AchievedPerMinute / run.ConfiguredPerMinute),
                Figures.Percent(run.Error),
                $"{run.MaxInWindow} ≤ {run.Limit.Count}",
                Figures.Count(run.MaxSentInWindow),
                Figures.Ms(Figures.Percentile(reserving, 50)),
                Figures.Ms(Figures.Percentile(reserving, 99)),
                Figures.Ms(Figures.Percentile(late, 50)),
                Figures.Ms(Figures.Percentile(late, 100)),
                Figures.Ms(SlotLog.Margin(run.Limit).TotalMilliseconds),
                run.Holds ? "yes" : "NO");
        }

        log.Table(
            $"Send rate limiter: {arguments.Hosts} hosts × {WorkersPerHost} workers per channel, {arguments.Minutes} min on the real clock",
            table,
            "achieved = granted per minute ÷ configured; error = |achieved − 100 %|; holds = no window over the count and error ≤ 5 %.",
            "max in any window: the most granted slots in any [t, t + window); a sliding window lets the first 'count' units of a window go at once.",
            "max sent in any window: the same over the moments the workers sent, which the timer's lateness can bring closer than their slots.",
            "reserve: one ReserveAsync, waiting for the host's turn on the channel included (a burst queues), then a read and write of the RateLimits row, again after another host's write.",
            "late: the send after its slot; the reservation's write when the slot was now, the timer's resolution when it had to wait.",
            "margin: how much longer than the window the limiter keeps the (count + 1)-th unit out; a send later than that can still bring count + 1 sends into a window.",
            $"storage requests the Azure SDK retried: {Figures.Count(retries)}.");
    }
}
