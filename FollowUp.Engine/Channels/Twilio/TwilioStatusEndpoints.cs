using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>The HTTP handler of Twilio's status callbacks: checks <c>X-Twilio-Signature</c>, then records delivered, undelivered or failed on the step.</summary>
/// <remarks>
/// The signature is checked by <see cref="TwilioWebhook"/> against the address under <c>FollowUp:PublicBaseUrl</c>. Every
/// signed callback is answered 204, even for a step that is unknown, so that Twilio does not call again for nothing.
/// </remarks>
public sealed class TwilioStatusEndpoints(DeliveryTracking delivery, IOptions<FollowUpOptions> options, ILogger<TwilioStatusEndpoints> logger)
{
    /// <summary>The statuses after which Twilio reports nothing more about a message.</summary>
    private static readonly HashSet<string> FinalStatuses = new(StringComparer.OrdinalIgnoreCase) { "delivered", "undelivered", "failed" };

    /// <summary>The callback address Twilio is given for a send: this route under <paramref name="publicBaseUrl"/>, naming the enrollment and step.</summary>
    public static string CallbackUrl(Uri publicBaseUrl, SendKey key) =>
        $"{TwilioWebhook.RouteUrl(publicBaseUrl, FollowUpRoutes.TwilioStatus)}?enrollment={Uri.EscapeDataString(key.EnrollmentId)}&step={Uri.EscapeDataString(key.StepId)}";

    /// <summary>Handles <c>POST /api/twilio/status?enrollment=…&amp;step=…</c>.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (form, refused) = await TwilioWebhook.ReadSignedFormAsync(
            request, options.Value, FollowUpRoutes.TwilioStatus, Problems.Unauthorized, logger, cancellationToken);
        if (form is null)
        {
            return refused!;
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

    /// <summary>Reads a required value; returns a 400 naming <paramref name="field"/> when it is missing.</summary>
    private static IResult? Required(StringValues values, string field, out string value)
    {
        value = values.ToString();
        return string.IsNullOrWhiteSpace(value) ? Problems.Validation(field, $"'{field}' is required.") : null;
    }
}
