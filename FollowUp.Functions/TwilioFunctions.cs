using FollowUp.Engine.Channels.Twilio;
using FollowUp.Engine.Http;
using FollowUp.Engine.Inbound.Sms;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP functions Twilio calls with delivery reports and incoming messages; anonymous because every call is checked by its X-Twilio-Signature.</summary>
public sealed class TwilioFunctions(TwilioStatusEndpoints endpoints, TwilioInboundEndpoints inbound)
{
    /// <summary>Records a delivered, undelivered or failed report on the step it names.</summary>
    [Function(nameof(TwilioStatus))]
    public Task<IResult> TwilioStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FollowUpRoutes.TwilioStatus)] HttpRequest req,
        CancellationToken ct)
        => endpoints.PostAsync(req, ct);

    /// <summary>Acts on a text message to the business's number: STOP, START, HELP or a reply, answered with TwiML.</summary>
    [Function(nameof(InboundTwilio))]
    public Task<IResult> InboundTwilio(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FollowUpRoutes.InboundTwilio)] HttpRequest req,
        CancellationToken ct)
        => inbound.PostAsync(req, ct);
}
