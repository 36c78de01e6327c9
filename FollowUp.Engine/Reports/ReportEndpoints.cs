using System.Globalization;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Reports;

/// <summary>The HTTP handler of <c>GET /api/sequences/{id}/report</c>.</summary>
public sealed class ReportEndpoints(SequenceStore sequences, FigureStore figures)
{
    /// <summary>The longest range of days one report reads.</summary>
    public const int MaxDays = 366;

    /// <summary><c>GET /api/sequences/{id}/report</c>: the figures of the latest version or <c>?version=N</c>, all-time or for the days <c>?from=</c> to <c>?to=</c> (inclusive, <c>yyyy-MM-dd</c>) in <c>?tz=</c> (an IANA id, UTC by default); CSV when the request accepts <c>text/csv</c>.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (SequenceEndpoints.CheckId(id) is { } badId)
        {
            return badId;
        }

        var errors = new ValidationErrors();
        var version = ReadVersion(request, errors);
        var zone = ReadZone(request, errors);
        var dayErrors = errors.Count;
        var from = ReadDay(request, "from", errors);
        var to = ReadDay(request, "to", errors);
        if (errors.Count == dayErrors)
        {
            CheckPeriod(from, to, errors);
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var sequence = version is null ? await sequences.GetLatestAsync(id, cancellationToken) : await sequences.FindAsync(id, version.Value, cancellationToken);
        if (sequence is null)
        {
            return Problems.NotFound(version is null ? $"There is no sequence '{id}'." : $"Sequence '{id}' has no version {version}.");
        }

        var report = await ReadAsync(sequence, from, to, zone!, cancellationToken);
        return request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true)
            ? Results.Text(ReportCsv.Write(report), "text/csv; charset=utf-8")
            : FollowUpJson.Result(report);
    }

    /// <summary>Adds an error when a period is not both days or neither, runs backwards, or is longer than <see cref="MaxDays"/>.</summary>
    public static void CheckPeriod(DateOnly? from, DateOnly? to, ValidationErrors errors)
    {
        if ((from is null) != (to is null))
        {
            errors.Add(from is null ? "from" : "to", "Give both from and to (yyyy-MM-dd), or neither for all time.");
        }
        else if (from is not null && to is not null && (to < from || to.Value.DayNumber - from.Value.DayNumber >= MaxDays))
        {
            errors.Add("to", $"Give a day on or after from, at most {MaxDays} days in all.");
        }
    }

    /// <summary>Reads the report of a version, all-time or for the days <paramref name="from"/> to <paramref name="to"/> (inclusive, a checked period) in <paramref name="zone"/>.</summary>
    public async Task<SequenceReport> ReadAsync(Sequence sequence, DateOnly? from, DateOnly? to, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var (counts, _) = await figures.ReadAsync(
            sequence.Id, sequence.Version, from is null ? null : StartOf(from.Value, zone), to is null ? null : StartOf(to.Value.AddDays(1), zone), cancellationToken);
        return Build(sequence, counts, zone.Id, from, to);
    }

    /// <summary>The report of a version from its counts, with the steps in the version's order.</summary>
    public static SequenceReport Build(Sequence sequence, IReadOnlyList<StepCounts> counts, string timeZone, DateOnly? from, DateOnly? to)
    {
        var own = Sum(ReportMetric.SequenceStep, counts.Where(c => c.StepId == ReportMetric.SequenceStep));
        var enrolled = own[ReportMetric.Enrolled];
        var ended = own[ReportMetric.Completed] + own[ReportMetric.Halted];
        var enrollments = new Dictionary<string, long?>(StringComparer.Ordinal)
        {
            [ReportMetric.Enrolled] = enrolled,
            ["active"] = from is null ? Math.Max(0, enrolled - ended) : null,
            [ReportMetric.Completed] = own[ReportMetric.Completed],
            [ReportMetric.Halted] = own[ReportMetric.Halted],
        };
        var steps = sequence.Steps.Select(step =>
        {
            var ofStep = counts.Where(c => c.StepId == step.Id).ToList();
            var variants = ofStep.Where(c => c.Variant.Length > 0).OrderBy(c => c.Variant, StringComparer.Ordinal).ToList();
            return StepReport.From(step.Id, Sum(step.Id, ofStep), variants.Count > 0 ? variants : null);
        }).ToList();
        return new SequenceReport(sequence.Id, sequence.Version, timeZone, from, to, enrollments, steps);
    }

    private static StepCounts Sum(string stepId, IEnumerable<StepCounts> parts)
    {
        var sum = new StepCounts { StepId = stepId, Variant = "" };
        foreach (var part in parts)
        {
            sum.Add(part);
        }

        return sum;
    }

    /// <summary>The UTC instant a day starts in the zone; a midnight skipped by a clock change starts the day an hour later.</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static int? ReadVersion(HttpRequest request, ValidationErrors errors)
    {
        if (!request.Query.TryGetValue(SequenceEndpoints.VersionParameter, out var value))
        {
            return null;
        }

        if (!int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            errors.Add(SequenceEndpoints.VersionParameter, "Use a version number: 1 or more.");
            return null;
        }

        return number;
    }

    private static TimeZoneInfo? ReadZone(HttpRequest request, ValidationErrors errors)
    {
        var id = request.Query.TryGetValue("tz", out var value) ? value.ToString() : "UTC";
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            errors.Add("tz", "Use an IANA time zone id, such as Europe/London.");
            return null;
        }
    }

    private static DateOnly? ReadDay(HttpRequest request, string name, ValidationErrors errors) =>
        request.Query.TryGetValue(name, out var value) ? ParseDay(value.ToString(), name, errors) : null;

    /// <summary>A day given as <c>yyyy-MM-dd</c> in the field <paramref name="name"/>; null and an error when it is not one.</summary>
    public static DateOnly? ParseDay(string value, string name, ValidationErrors errors)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add(name, "Use a day as yyyy-MM-dd.");
            return null;
        }

        return day;
    }
}
