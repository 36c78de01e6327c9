using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>The HTTP handler of Twilio's status callbacks: checks <c>X-Twilio-Signature</c>, then records delivered, undelivered or failed on the step.</summary>
/// <remarks>
/// The signed URL is rebuilt from <c>FollowUp:PublicBaseUrl</c>, the address Twilio was given, never from the Host header,
/// which a proxy may change. Every signed callback is answered 204, even for a step that is unknown, so that Twilio does not
/// call again for nothing.
/// </remarks>
public sealed class TwilioStatusEndpoints(DeliveryTracking delivery, IOptions<FollowUpOptions> options, ILogger<TwilioStatusEndpoints> logger)
{
    /// <summary>The statuses after which Twilio reports nothing more about a message.</summary>
    private static readonly HashSet<string> FinalStatuses = new(StringComparer.OrdinalIgnoreCase) { "delivered", "undelivered", "failed" };

    /// <summary>The callback address Twilio is given for a send: this route under <paramref name="publicBaseUrl"/>, naming the enrollment and step.</summary>
    public static string CallbackUrl(Uri publicBaseUrl, SendKey key) =>
        $"{RouteUrl(publicBaseUrl)}?enrollment={Uri.EscapeDataString(key.EnrollmentId)}&step={Uri.EscapeDataString(key.StepId)}";

    /// <summary>Handles <c>POST /api/twilio/status?enrollment=…&amp;step=…</c>.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.PublicBaseUrl is not { } publicBaseUrl || string.IsNullOrEmpty(settings.Twilio.AuthToken))
        {
            return Problems.NotFound("Twilio status callbacks are not configured.");
        }

        IFormCollection form;
        try
        {
            form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        }
        catch (InvalidDataException)
        {
            return Problems.Validation("body", "The body is not a readable form.");
        }

        var signedUrl = RouteUrl(publicBaseUrl) + request.QueryString.Value;
        if (!TwilioSignature.IsValid(settings.Twilio.AuthToken, signedUrl, form, request.Headers[TwilioSignature.Header]))
        {
            logger.LogWarning("Refused a Twilio status callback whose signature is missing or wrong");
            return Problems.Unauthorized("The X-Twilio-Signature header is missing or wrong.");
        }

        if (Required(request.Query["enrollment"], "enrollment", out var enrollmentId) is { } noEnrollment)
        {
            return noEnrollment;
        }

        if (Required(request.Query["step"], "step", out var stepId) is { } noStep)
        {
            return noStep;
        }

        var status = form["MessageStatus"].ToString();
        if (!FinalStatuses.Contains(status))
        {
            return TypedResults.NoContent();
        }

        if (Required(form["MessageSid"], "MessageSid", out var messageSid) is { } noSid)
        {
            return noSid;
        }

        var errorCode = form["ErrorCode"].ToString();
        var report = new DeliveryReport(status.ToLowerInvariant(), string.IsNullOrWhiteSpace(errorCode) ? null : $"Twilio {errorCode}");
        if (!await delivery.RecordAsync(enrollmentId, stepId, messageSid, report, cancellationToken))
        {
            logger.LogWarning("Twilio reported {Delivery} of {MessageSid} for {StepId} of {EnrollmentId}, which has no such sent message",
                report.Status, messageSid, stepId, enrollmentId);
        }

        return TypedResults.NoContent();
    }

    private static string RouteUrl(Uri publicBaseUrl) =>
        $"{publicBaseUrl.AbsoluteUri.TrimEnd('/')}/{FollowUpRoutes.Prefix}/{FollowUpRoutes.TwilioStatus}";

    /// <summary>Reads a required value; returns a 400 naming <paramref name="field"/> when it is missing.</summary>
    private static IResult? Required(StringValues values, string field, out string value)
    {
        value = values.ToString();
        return string.IsNullOrWhiteSpace(value) ? Problems.Validation(field, $"'{field}' is required.") : null;
    }
}
