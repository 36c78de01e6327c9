using System.Diagnostics;
using System.Text.Json;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Templates;

namespace FollowUp.Benchmarks.Templates;

/// <summary>
/// What hostile templates cost when rendered within the engine's limits: the time and the bytes allocated per rendering,
/// how each ends, and the process's peak working set once all have run. It runs in memory, as rendering reads no storage.
/// </summary>
internal sealed class TemplatesBenchmark(BenchmarkArguments arguments, ProgressLog log)
{
    private const int RendersPerRun = 20;

    private const long Megabyte = 1024 * 1024;

    private static readonly string Hundred = new('x', 100);

    private static readonly (string Name, string Source)[] Cases =
    [
        ("an ordinary email (a loop over 3 items)", "Hi {{ contact.firstName }}, {% for item in data.items %}{{ item.name | upcase }} at {{ item.price | times: 1.2 | round: 2 }}; {% endfor %}"),
        ("1 | divided_by: 0", "{{ 1 | divided_by: 0 }}"),
        ("for over (1..9999999)", "{% for i in (1..9999999) %}x{% endfor %}"),
        ("assign (1..99999999)", "{% assign r = (1..99999999) %}{{ r | size }}"),
        ("'x' | slice: 99999999999", "{{ 'x' | slice: 99999999999 }}"),
        ("huge times products", "{{ 99999999999 | times: 99999999999 | times: 99999999999 | times: 99999999999 }}"),
        ("append doubling, 40 rounds", "{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}"),
        ("concat doubling, 40 rounds", "{% assign a = 'x' | split: ',' %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}"),
        ("replace squaring", $"{{% assign s = '{Hundred}' %}}{{% for i in (1..3) %}}{{% assign s = s | replace: 'x', s %}}{{% endfor %}}"),
        ("capture of 2000 × 500 characters", $"{{% capture s %}}{{% for i in (1..2000) %}}{Hundred}{Hundred}{Hundred}{Hundred}{Hundred}{{% endfor %}}{{% endcapture %}}"),
        ("output of 5000 × 200 characters", $"{{% assign s = '{Hundred}' | append: '{Hundred}' %}}{{% for i in (1..5000) %}}{{{{ s }}}}{{% endfor %}}"),
        ("100 × 100 empty loop rounds", "{% for i in (1..100) %}{% for j in (1..100) %}{% endfor %}{% endfor %}"),
        ("format_number: 'D999999999'", "{{ 1 | format_number: 'D999999999' }}"),
        ("include 'x'", "{% include 'x' %}"),
    ];

    /// <summary>Renders each case <see cref="RendersPerRun"/> times a run and prints the median time and the allocation per rendering, how it ended, and the peak working set.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.WorkingSet64;
        var renderer = new TemplateRenderer();
        var model = TemplateModel.Create(
            new Contact("c", "a@example.com", "+14155550123", "Ann", "Lee", "Europe/London"),
            JsonElement.Parse("""{"items":[{"name":"mug","price":8},{"name":"kettle","price":30},{"name":"tea","price":4.5}]}"""));
        foreach (var (_, source) in Cases)
        {
            // Warm up, so that the first case is not charged for compiling the code.
            renderer.Try(source, model, html: false);
        }

        var table = new TextTable("template", "µs per render (median)", "bytes allocated per render", "outcome");
        foreach (var (name, source) in Cases)
        {
            var timings = new List<double>();
            long bytes = 0;
            string? outcome = null;
            for (var run = 0; run < arguments.Runs; run++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < RendersPerRun; i++)
                {
                    outcome = renderer.Try(source, model, html: false);
                }

                timings.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / RendersPerRun);
                bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / RendersPerRun;
            }

            table.Add(name, Figures.Ms(Figures.Median(timings)), Figures.Count(bytes), outcome ?? "rendered");
        }

        process.Refresh();
        log.Table(
            $"Rendering hostile templates within the limits ({RendersPerRun} renders a run, {arguments.Runs} runs)",
            table,
            $"Limits: {TemplateLimits.MaxSteps} steps, {TemplateLimits.MaxBuiltLength} characters built, {TemplateLimits.MaxPartLength} characters a part.",
            $"Working set of this process: {Figures.Count(before / Megabyte)} MB before the first rendering, peak {Figures.Count(process.PeakWorkingSet64 / Megabyte)} MB after every case.");
        return Task.CompletedTask;
    }
}
