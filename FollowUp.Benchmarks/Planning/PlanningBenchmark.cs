using System.Diagnostics;
using System.Text.Json;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timing;
using NodaTime;

namespace FollowUp.Benchmarks.Planning;

/// <summary>
/// How long planning a four-step enrollment takes (the due time of each step in the contact's zone, and when the send
/// window, quiet hours and holidays let it go), with no rules, with business hours, and with a year of holidays to search
/// past. It runs in memory: planning reads no storage.
/// </summary>
internal sealed class PlanningBenchmark(BenchmarkArguments arguments, ProgressLog log)
{
    private const int Enrollments = 20_000;

    private static readonly Sequence FourSteps = new(
        "welcome",
        1,
        "Welcome",
        [
            new SequenceStep("thanks", TimeSpan.FromHours(1), StepChannel.Email, "s", "t", null),
            new SequenceStep("tip", TimeSpan.FromDays(3), StepChannel.Sms, null, "t", null),
            new SequenceStep("question", TimeSpan.FromDays(4), StepChannel.Email, "s", "t", null),
            new SequenceStep("close", TimeSpan.FromDays(7), StepChannel.Email, "s", "t", null),
        ],
        new StopRules(true),
        DateTimeOffset.UnixEpoch);

    private static readonly SendWindow BusinessHours = new(
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday], new LocalTime(9, 0), new LocalTime(17, 0));

    /// <summary>Plans <see cref="Enrollments"/> enrollments per run for each case and prints the median time and the allocation per enrollment.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(2027, 1, 8, 20, 0, 0, TimeSpan.Zero);
        var yearOfHolidays = Enumerable.Range(0, 365).Select(d => new LocalDate(2027, 1, 9).PlusDays(d)).ToList();
        var cases = new (string Name, SendWindow? Window, QuietHours Quiet, IReadOnlyList<LocalDate> Holidays)[]
        {
            ("no window, no quiet hours", null, QuietHours.Off, []),
            ("Mon–Fri 09–17, quiet hours, 10 holidays", BusinessHours, new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0)), [.. yearOfHolidays.Where((_, i) => i % 36 == 0)]),
            ("Mon–Fri 09–17, a year of holidays ahead", BusinessHours, QuietHours.Off, yearOfHolidays),
        };
        var contact = new Contact("c", "a@example.com", "+14155550123", null, null, "America/Chicago");
        var zone = DateTimeZoneProviders.Tzdb["America/Chicago"];
        var data = JsonElement.Parse("{}");
        var table = new TextTable("case", "µs per enrollment (median)", "bytes allocated per enrollment");
        foreach (var (_, window, quiet, holidays) in cases)
        {
            // Warm up, so that the first case is not charged for compiling the code.
            PlanAll(Enrollments / 10, zone, window, quiet, holidays, contact, data, start);
        }

        foreach (var (name, window, quiet, holidays) in cases)
        {
            var timings = new List<double>();
            long bytes = 0;
            for (var run = 0; run < arguments.Runs; run++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var started = Stopwatch.GetTimestamp();
                PlanAll(Enrollments, zone, window, quiet, holidays, contact, data, start);

                timings.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / Enrollments);
                bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / Enrollments;
            }

            table.Add(name, Figures.Ms(Figures.Median(timings)), Figures.Count(bytes));
        }

        log.Table(
            $"Planning a four-step enrollment in America/Chicago ({Figures.Count(Enrollments)} enrollments a run, {arguments.Runs} runs)",
            table,
            "µs: microseconds of one core; the schedule is resolved anew for each enrollment, as the engine does.");
        return Task.CompletedTask;
    }

    private static void PlanAll(int count, DateTimeZone zone, SendWindow? window, QuietHours quiet, IReadOnlyList<LocalDate> holidays, Contact contact, JsonElement data, DateTimeOffset start)
    {
        for (var i = 0; i < count; i++)
        {
            var id = $"c-{i}";
            var schedule = new SendSchedule(zone, "contact", window, quiet, holidays, TimeSpan.FromMinutes(15), id);
            Enrollment.Start(id, contact, FourSteps, data, start, schedule);
        }
    }
}
