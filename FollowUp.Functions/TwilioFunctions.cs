using FollowUp.Engine.Channels.Twilio;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP function Twilio calls with delivery reports; anonymous because every call is checked by its X-Twilio-Signature.</summary>
public sealed class TwilioFunctions(TwilioStatusEndpoints endpoints)
{
    /// <summary>Records a delivered, undelivered or failed report on the step it names.</summary>
    [Function(nameof(TwilioStatus))]
    public Task<IResult> TwilioStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FollowUpRoutes.TwilioStatus)] HttpRequest req,
        CancellationToken ct)
        => endpoints.PostAsync(req, ct);
}
