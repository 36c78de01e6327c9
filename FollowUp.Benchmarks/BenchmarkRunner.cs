using System.Diagnostics;
using System.Runtime.InteropServices;
using FollowUp.Benchmarks.Crash;
using FollowUp.Benchmarks.Erasure;
using FollowUp.Benchmarks.Hostile;
using FollowUp.Benchmarks.Lateness;
using FollowUp.Benchmarks.Limiter;
using FollowUp.Benchmarks.Listing;
using FollowUp.Benchmarks.Planning;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Benchmarks.Scan;
using FollowUp.Benchmarks.Sweep;
using FollowUp.Benchmarks.Templates;
using FollowUp.Benchmarks.Transactions;

namespace FollowUp.Benchmarks;

/// <summary>Runs the benchmarks the command line asks for, one after the other, and stops cleanly on Ctrl+C or SIGTERM.</summary>
internal static class BenchmarkRunner
{
    /// <summary>Runs the benchmarks; returns the process exit code: 1 when a check of the hostile benchmark failed.</summary>
    public static async Task<int> RunAsync(BenchmarkArguments arguments, TextWriter output)
    {
        using var cancellation = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            // Stop cleanly so that the Azurite child process is shut down with us.
            context.Cancel = true;
            cancellation.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var log = new ProgressLog(output);
        using var storage = new StorageRetryMonitor(log);
        try
        {
            if (arguments.Kind is BenchmarkKind.All or BenchmarkKind.Scan)
            {
                var started = Stopwatch.GetTimestamp();
                await new ScanBenchmark(arguments, log, storage).RunAsync(cancellation.Token);
                log.Line($"scan benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.All or BenchmarkKind.Lateness)
            {
                var started = Stopwatch.GetTimestamp();
                await new LatenessBenchmark(arguments, log, storage).RunAsync(cancellation.Token);
                log.Line($"lateness benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.All or BenchmarkKind.Limiter)
            {
                var started = Stopwatch.GetTimestamp();
                await new LimiterBenchmark(arguments, log, storage).RunAsync(cancellation.Token);
                log.Line($"limiter benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.All or BenchmarkKind.Planning)
            {
                var started = Stopwatch.GetTimestamp();
                await new PlanningBenchmark(arguments, log).RunAsync(cancellation.Token);
                log.Line($"planning benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.All or BenchmarkKind.Templates)
            {
                var started = Stopwatch.GetTimestamp();
                await new TemplatesBenchmark(arguments, log).RunAsync(cancellation.Token);
                log.Line($"templates benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.All or BenchmarkKind.Sweep)
            {
                var started = Stopwatch.GetTimestamp();
                await new SweepBenchmark(arguments, log).RunAsync(cancellation.Token);
                log.Line($"sweep benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            var failed = false;
            if (arguments.Kind is BenchmarkKind.All or BenchmarkKind.Erasure)
            {
                var started = Stopwatch.GetTimestamp();
                await new ErasureBenchmark(arguments, log).RunAsync(cancellation.Token);
                log.Line($"erasure benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.All or BenchmarkKind.Hostile)
            {
                var started = Stopwatch.GetTimestamp();
                failed = !await new HostileBenchmark(log).RunAsync(cancellation.Token);
                log.Line($"hostile benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}{(failed ? ": a check failed" : "")}");
            }

            if (arguments.Kind is BenchmarkKind.Report)
            {
                var started = Stopwatch.GetTimestamp();
                await new Report.ReportBenchmark(log).RunAsync(cancellation.Token);
                log.Line($"report benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.All or BenchmarkKind.Listing)
            {
                var started = Stopwatch.GetTimestamp();
                await new ListingBenchmark(arguments, log).RunAsync(cancellation.Token);
                log.Line($"listing benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.Dashboard)
            {
                var started = Stopwatch.GetTimestamp();
                failed = !await new Dashboard.DashboardBenchmark(arguments, log).RunAsync(cancellation.Token);
                log.Line($"dashboard benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}{(failed ? ": a page exceeds the limits" : "")}");
            }

            if (arguments.Kind is BenchmarkKind.StorageJson)
            {
                var started = Stopwatch.GetTimestamp();
                await new Storage.StorageJsonBenchmark(arguments, log).RunAsync(cancellation.Token);
                log.Line($"json benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.Crash)
            {
                var started = Stopwatch.GetTimestamp();
                failed = !await new CrashBenchmark(arguments, log).RunAsync(cancellation.Token);
                log.Line($"crash benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            if (arguments.Kind is BenchmarkKind.Transactions)
            {
                var started = Stopwatch.GetTimestamp();
                await new TransactionsBenchmark(arguments, log, storage).RunAsync(cancellation.Token);
                log.Line($"transactions benchmark took {Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}");
            }

            return failed ? 1 : 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            log.Line($"cancelled");
            return 130;
        }
    }
}
