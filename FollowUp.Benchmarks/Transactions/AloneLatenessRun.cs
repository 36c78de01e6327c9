using FollowUp.Benchmarks.Lateness;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine.Enrollments;
using FollowUp.Local.Triggers;

namespace FollowUp.Benchmarks.Transactions;

/// <summary>The bound's worst case: one step on each of several apps (one storage prefix each, on one Azurite), due only after the app's queue polling has backed off to <c>maxPollingInterval</c>.</summary>
/// <remarks>
/// One app's sends reset its polling to 100 ms, so steps that follow each other closely are sent sooner than the bound
/// says. Here nothing reaches an app's queue before its one step falls due, at least <see cref="PollingBackoff.RampUp"/>
/// after it started; the due times are a fraction of <c>maxPollingInterval</c> apart, so they fall at different points
/// of the apps' poll cycles.
/// </remarks>
internal sealed class AloneLatenessRun(string connectionString, SchedulingProfile profile, ProgressLog log)
{
    /// <summary>Apps, and steps.</summary>
    public const int Apps = 6;

    /// <summary>Margin after the back-off's climb before the first step falls due.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    /// <summary>How long after the last due time plus the bound the run waits before it gives up.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Runs it and returns each step's times.</summary>
    public async Task<IReadOnlyList<StepTiming>> RunAsync(TimeSpan maxPollingInterval, CancellationToken cancellationToken)
    {
        var folders = Enumerable.Range(0, Apps).Select(_ => new TemporaryFolder()).ToArray();
        var apps = new List<LocalApp>();
        try
        {
            var created = new List<(LocalApp App, EnrollmentCreated Enrollment)>();
            for (var i = 0; i < Apps; i++)
            {
                var app = await LocalApp.StartAsync(connectionString, folders[i].Path, cancellationToken, profile: profile, storagePrefix: $"alone{i}");
                apps.Add(app);
                var delay = PollingBackoff.RampUp(maxPollingInterval) + Margin + (maxPollingInterval * i / Apps);
                created.Add((app, await SpreadLatenessRun.EnrollAsync(app.Http, i, TimeSpan.FromSeconds(Math.Round(delay.TotalSeconds)), cancellationToken)));
            }

            var lastDue = created.Max(c => c.Enrollment.NextDueUtc!.Value);
            log.Line($"alone: {Apps} apps, one step each, due from {created.Min(c => c.Enrollment.NextDueUtc!.Value):HH:mm:ss} to {lastDue:HH:mm:ss} UTC");
            var deadline = lastDue + maxPollingInterval + Patience;
            while (TimeProvider.System.GetUtcNow() < deadline && folders.Any(f => Directory.GetFiles(f.Path, "*.eml").Length == 0))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken);
            }

            var timings = new List<StepTiming>();
            foreach (var (app, enrollment) in created)
            {
                timings.Add(await SpreadLatenessRun.TimingAsync(app.Http, enrollment.EnrollmentId, cancellationToken));
            }

            log.Line($"alone: {timings.Count(t => t.SentUtc is not null)} of {Apps} sent");
            return timings;
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }

            foreach (var folder in folders)
            {
                folder.Dispose();
            }
        }
    }
}
