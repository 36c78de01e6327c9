using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using FollowUp.Benchmarks.Transactions;
using FollowUp.Local.Triggers;

namespace FollowUp.Benchmarks;

/// <summary>The command line: <c>[scan|lateness|limiter|planning|templates|sweep|erasure|hostile|listing|crash|report|dashboard|transactions|json|all] [--sizes 10000,100000] [--runs 5] [--due 1000] [--rate 120] [--minutes 1] [--hosts 2] [--contacts 200] [--idle-minutes 3] [--workers 16] [--steps 500] [--profile punctual|economy] [--only sends,idle,throughput,lateness,alone]</c>.</summary>
/// <param name="Kind">Which benchmarks to run.</param>
/// <param name="Sizes">The scheduled (future) row counts of the scan benchmark, ascending; the index grows from one to the next.</param>
/// <param name="Runs">Timed scans per size; the median is reported.</param>
/// <param name="Due">Steps that fall due together: due rows per scan, and enrollments in the lateness benchmark.</param>
/// <param name="Rate">The email limit of the limiter benchmark, in units a minute (1 to 5000, as the settings allow).</param>
/// <param name="Minutes">How long the limiter benchmark reserves.</param>
/// <param name="Hosts">How many hosts, each with its own limiter, share the limiter benchmark's table.</param>
/// <param name="Contacts">Contacts enrolled by the crash benchmark, and by each round of the transactions benchmark (neither part of <c>all</c>).</param>
/// <param name="IdleMinutes">How long the transactions benchmark's idle window lasts.</param>
/// <param name="Workers">The receive-and-delete workers of the transactions benchmark's raw queue run.</param>
/// <param name="Steps">The steps sent from a backlog in the transactions benchmark's throughput run, and the raw run's messages.</param>
/// <param name="Profile">The <c>FollowUp:Profile</c> FollowUp.Local runs with in the transactions benchmark.</param>
/// <param name="Parts">The parts of the transactions benchmark that run.</param>
internal sealed record BenchmarkArguments(
    BenchmarkKind Kind, IReadOnlyList<int> Sizes, int Runs, int Due, int Rate, int Minutes, int Hosts, int Contacts = 200, int IdleMinutes = 3, int Workers = 16, int Steps = 500,
    SchedulingProfile Profile = SchedulingProfile.Punctual, TransactionsPart Parts = TransactionsPart.Default)
{
    /// <summary>The usage text printed after a bad command line.</summary>
    public const string Usage =
        "usage: dotnet run -c Release --project FollowUp.Benchmarks -- [scan|lateness|limiter|planning|templates|sweep|erasure|hostile|listing|crash|report|dashboard|transactions|json|all] [--sizes 10000,100000,1000000] [--runs 5] [--due 1000] [--rate 120] [--minutes 1] [--hosts 2] [--contacts 200] [--idle-minutes 3] [--workers 16] [--steps 500] [--profile punctual|economy] [--only sends,idle,throughput,lateness,alone]\n"
        + "  all runs scan, lateness, limiter, planning, templates, sweep, erasure, hostile and listing; the limiter benchmark takes --minutes (email at --rate a minute and SMS at 1 a second, at once);\n"
        + "  crash (run alone) kills FollowUp.Local again and again while it sends --contacts × 3 steps through a failing ACS;\n"
        + "  dashboard (run alone) times and weighs every dashboard page with --contacts enrollments (3,000 unless given);\n"
        + "  transactions (run alone) counts the storage transactions of --contacts enrollments of a three-step sequence, as many replies and --idle-minutes idle,\n"
        + "  and compares sending --steps steps with a raw queue receive-and-delete run by --workers workers; --profile sets FollowUp:Profile,\n"
        + "  and --only runs some parts: sends, idle (at least one scan interval), throughput, lateness (steps due at spread-out times),\n"
        + "  alone (one step on each of 6 apps, due once its queue polling has backed off fully);\n"
        + "  json (run alone) times reading and writing the stored documents with the storage JSON settings and with the API's;\n"
        + "  report (run alone) counts the storage requests the report figures add to a send, and those of reading a report;\n"
        + "  hostile and crash exit with 1 when one of their checks fails.";

    /// <summary>The scan sizes used when <c>--sizes</c> is not given.</summary>
    public static readonly IReadOnlyList<int> DefaultSizes = [10_000, 100_000, 1_000_000];

    /// <summary>Reads the command line; false with a reason when it is not valid.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out BenchmarkArguments? arguments, [NotNullWhen(false)] out string? error)
    {
        arguments = null;
        var kind = BenchmarkKind.All;
        IReadOnlyList<int> sizes = DefaultSizes;
        var runs = 5;
        var due = 1_000;
        var rate = 120;
        var minutes = 1;
        var hosts = 2;
        int? contacts = null;
        var idleMinutes = 3;
        var workers = 16;
        var steps = 500;
        var profile = SchedulingProfile.Punctual;
        var parts = TransactionsPart.Default;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "scan":
                    kind = BenchmarkKind.Scan;
                    break;
                case "lateness":
                    kind = BenchmarkKind.Lateness;
                    break;
                case "limiter":
                    kind = BenchmarkKind.Limiter;
                    break;
                case "planning":
                    kind = BenchmarkKind.Planning;
                    break;
                case "templates":
                    kind = BenchmarkKind.Templates;
                    break;
                case "sweep":
                    kind = BenchmarkKind.Sweep;
                    break;
                case "crash":
                    kind = BenchmarkKind.Crash;
                    break;
                case "erasure":
                    kind = BenchmarkKind.Erasure;
                    break;
                case "hostile":
                    kind = BenchmarkKind.Hostile;
                    break;
                case "report":
                    kind = BenchmarkKind.Report;
                    break;
                case "listing":
                    kind = BenchmarkKind.Listing;
                    break;
                case "json":
                    kind = BenchmarkKind.StorageJson;
                    break;
                case "dashboard":
                    kind = BenchmarkKind.Dashboard;
                    break;
                case "transactions":
                    kind = BenchmarkKind.Transactions;
                    break;
                case "all":
                    kind = BenchmarkKind.All;
                    break;
                case "--sizes" when value is not null && TryParseSizes(value, out var parsed):
                    sizes = parsed;
                    i++;
                    break;
                case "--runs" when TryParsePositive(value, out runs) && runs >= 3:
                    i++;
                    break;
                case "--due" when TryParsePositive(value, out due):
                    i++;
                    break;
                case "--rate" when TryParsePositive(value, out rate) && rate <= 5000:
                    i++;
                    break;
                case "--minutes" when TryParsePositive(value, out minutes):
                    i++;
                    break;
                case "--hosts" when TryParsePositive(value, out hosts):
                    i++;
                    break;
                case "--contacts" when TryParsePositive(value, out var given):
                    contacts = given;
                    i++;
                    break;
                case "--idle-minutes" when TryParsePositive(value, out idleMinutes):
                    i++;
                    break;
                case "--workers" when TryParsePositive(value, out workers):
                    i++;
                    break;
                case "--steps" when TryParsePositive(value, out steps):
                    i++;
                    break;
                case "--profile" when value is "punctual" or "economy":
                    profile = value == "economy" ? SchedulingProfile.Economy : SchedulingProfile.Punctual;
                    i++;
                    break;
                case "--only" when value is not null && TryParseParts(value, out parts):
                    i++;
                    break;
                default:
                    error = $"Not understood: '{args[i]}'" + (value is null ? "." : $" '{value}'. Sizes are ascending counts ≥ 0, runs at least 3, due, minutes, hosts, idle minutes, workers and steps at least 1, rate 1 to 5000, profile punctual or economy, only a comma-separated list of sends, idle, throughput, lateness and alone.");
                    return false;
            }
        }

        arguments = new BenchmarkArguments(kind, sizes, runs, due, rate, minutes, hosts, contacts ?? (kind == BenchmarkKind.Dashboard ? 3_000 : 200), idleMinutes, workers, steps, profile, parts);
        error = null;
        return true;
    }

    private static bool TryParseSizes(string value, out IReadOnlyList<int> sizes)
    {
        var list = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || (list.Count > 0 && size < list[^1]))
            {
                sizes = [];
                return false;
            }

            list.Add(size);
        }

        sizes = list;
        return list.Count > 0;
    }

    private static bool TryParseParts(string value, out TransactionsPart parts)
    {
        parts = 0;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<TransactionsPart>(part, ignoreCase: true, out var one) || one == TransactionsPart.Default || !Enum.IsDefined(one))
            {
                return false;
            }

            parts |= one;
        }

        return parts != 0;
    }

    private static bool TryParsePositive(string? value, out int number) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
}
