using System.Globalization;
using FollowUp.Engine.Http;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Reports;

/// <summary>A sequence's report in the dashboard: the funnel per step, its rates, the variants side by side, for a period, and its CSV.</summary>
/// <remarks>The figures come from <see cref="ReportEndpoints.ReadAsync"/>, the same reading the API's report makes, with the days in the business's time zone.</remarks>
public sealed class ReportArea(SequenceStore sequences, ReportEndpoints reports, DashboardTime time) : IDashboardArea
{
    /// <inheritdoc />
    public void Map(DashboardRouteTable routes)
    {
        routes.Get("sequences/{id}/report", ShowAsync);
        routes.Get("sequences/{id}/report.csv", CsvAsync);
    }

    private async Task<IResult> ShowAsync(DashboardRequest request)
    {
        var (found, model, status) = await LoadAsync(request);
        return found is not null ? found : await request.Page<ReportPage>("Report: " + model!.Sequence.Name, model, status);
    }

    private async Task<IResult> CsvAsync(DashboardRequest request)
    {
        var (found, model, status) = await LoadAsync(request);
        if (found is not null)
        {
            return found;
        }

        if (model!.Report is null)
        {
            return await request.Page<ReportPage>("Report: " + model.Sequence.Name, model, status);
        }

        var response = request.Http.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentDisposition = $"attachment; filename=\"{model.Sequence.Id}-v{model.Sequence.Version}-report.csv\"";
        return Results.Text(ReportCsv.Write(model.Report), "text/csv; charset=utf-8");
    }

    /// <summary>Reads the sequence and the report the address asks for; an answer instead when there is no such sequence or version.</summary>
    private async Task<(IResult? Answer, ReportModel? Model, int Status)> LoadAsync(DashboardRequest request)
    {
        var id = request.Route("id");
        var errors = new ValidationErrors();
        var version = ReadVersion(request.Query("version"), errors);
        var latest = SequenceEndpoints.CheckId(id) is null ? await sequences.GetLatestAsync(id, request.Aborted) : null;
        var sequence = latest is null || version is null || version == latest.Version ? latest : await sequences.FindAsync(id, version.Value, request.Aborted);
        if (sequence is null)
        {
            var missing = latest is null ? "There is no sequence with this name." : $"This sequence has no version {version}.";
            return (await request.Message("Not found", new DashboardMessage(missing, DashboardPaths.To("sequences"), "Back to the sequences"), StatusCodes.Status404NotFound), null, 0);
        }

        var period = ReadPeriod(request, errors);
        if (errors.Count > 0)
        {
            return (null, new ReportModel(sequence, latest!.Version, version, period, null, errors.ToDictionary().AsReadOnly()), StatusCodes.Status400BadRequest);
        }

        var report = await reports.ReadAsync(sequence, period.From, period.To, time.Zone, request.Aborted);
        return (null, new ReportModel(sequence, latest!.Version, version, period, report, null), StatusCodes.Status200OK);
    }

    /// <summary>The period of the address: <c>?days=</c> a preset, <c>?from=&amp;to=</c> days checked as the API checks them, or all time.</summary>
    private ReportPeriod ReadPeriod(DashboardRequest request, ValidationErrors errors)
    {
        if (request.Query("days") is { } days)
        {
            if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > ReportEndpoints.MaxDays)
            {
                errors.Add("days", $"Choose a number of days from 1 to {ReportEndpoints.MaxDays}.");
                return ReportPeriod.AllTime;
            }

            return ReportPeriod.Last(count, DateOnly.FromDateTime(time.Now.DateTime));
        }

        var (fromText, toText) = (request.Query("from"), request.Query("to"));
        var before = errors.Count;
        var from = fromText is null ? null : ReportEndpoints.ParseDay(fromText, "from", errors);
        var to = toText is null ? null : ReportEndpoints.ParseDay(toText, "to", errors);
        if (errors.Count == before)
        {
            ReportEndpoints.CheckPeriod(from, to, errors);
        }

        return new ReportPeriod(null, from, to, fromText, toText);
    }

    private static int? ReadVersion(string? text, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            errors.Add(SequenceEndpoints.VersionParameter, "Use a version number: 1 or more.");
            return null;
        }

        return version;
    }
}
