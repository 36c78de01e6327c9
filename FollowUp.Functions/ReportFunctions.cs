using FollowUp.Engine.Http;
using FollowUp.Engine.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP function that reads a sequence's report.</summary>
public sealed class ReportFunctions(ReportEndpoints endpoints)
{
    /// <summary>Reads the figures of the sequence named in the route, as JSON or CSV.</summary>
    [Function(nameof(GetSequenceReport))]
    public Task<IResult> GetSequenceReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.SequenceReport)] HttpRequest req,
        string id,
        CancellationToken ct)
        => endpoints.GetAsync(req, id, ct);
}
