using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sources.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Sources;

/// <summary>The HTTP handler of <c>POST /api/sources/{id}/deliveries</c>: authenticates a delivery, drops repeats and acts on it.</summary>
/// <remarks>
/// A delivery is refused before anything is stored when its signature, body or contact is wrong. A delivery id is claimed
/// before acting and released if acting fails, so a repeat does nothing and a failed delivery's retry is acted on. What
/// became of each delivery to a known source goes to its <see cref="DeliveryHistory"/>, without the contact.
/// </remarks>
public sealed class SourceDeliveryEndpoints(
    SourceStore sources,
    IEnumerable<ISourceReceiver> receivers,
    FormReceiver forms,
    DeliveryLog log,
    DeliveryHistory history,
    SourceActionRunner runner,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<SourceDeliveryEndpoints> logger)
{
    private readonly Dictionary<SourceKind, ISourceReceiver> receiversByKind = receivers.ToDictionary(r => r.Kind);

    /// <summary>Answers a browser's CORS preflight for a form source: allowed for the source's origins only.</summary>
    public async Task<IResult> PreflightAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        SourceEndpoints.CheckId(id) ?? (await sources.GetAsync(id, cancellationToken) is { Kind: SourceKind.Form } source
            ? forms.Preflight(request, source)
            : Problems.NotFound($"There is no form source '{id}'."));

    /// <summary>Receives one delivery for the source named in the route.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (SourceEndpoints.CheckId(id) is { } badId)
        {
            return badId;
        }

        if (await sources.GetAsync(id, cancellationToken) is not { } source || !receiversByKind.TryGetValue(source.Kind, out var receiver))
        {
            return Problems.NotFound($"There is no source '{id}'.");
        }

        var arrived = time.GetUtcNow();
        try
        {
            var (answer, result, trigger, detail) = await ActAsync(request, source, receiver, cancellationToken);
            var status = StatusOf(answer);
            await history.RecordAsync(source.Id, new DeliveryRecord(arrived, trigger, result, status, result == DeliveryResult.Refused ? detail ?? Refusal(answer, status) : detail), CancellationToken.None);
            return answer;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await history.RecordAsync(source.Id, new DeliveryRecord(arrived, null, DeliveryResult.Failed, StatusCodes.Status500InternalServerError, "FollowUp failed while acting on it; the sender's retry is acted on."), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Reads, checks and acts on a delivery; answers it, with what became of it for the history.</summary>
    private async Task<(IResult Answer, DeliveryResult Result, string? Trigger, string? Detail)> ActAsync(HttpRequest request, Source source, ISourceReceiver receiver, CancellationToken cancellationToken)
    {
        var (body, tooLarge) = await RequestBody.ReadAsync(request, cancellationToken);
        if (tooLarge is not null)
        {
            return (receiver.Refuse(source, tooLarge), DeliveryResult.Refused, null, "The delivery was too large.");
        }

        var secret = source.SecretSetting is { } setting && SourceSecrets.IsSecretSetting(setting) ? configuration[setting] : null;
        if (source.SecretSetting is not null && Unusable(source, secret) is { } reason)
        {
            logger.LogError("Source {SourceId} cannot check deliveries: its secret setting {SecretSetting} {Reason}", source.Id, source.SecretSetting, reason);
            return (Problems.Unavailable($"This source's secret setting '{source.SecretSetting}' {reason}."), DeliveryResult.Refused, null, $"Its secret setting {reason}.");
        }

        var received = await receiver.ReceiveAsync(request, body, source, secret, cancellationToken);
        switch (received)
        {
            case ReceivedDelivery.Refused refused:
                logger.LogWarning("Source {SourceId} refused a delivery", source.Id);
                return (refused.Problem, DeliveryResult.Refused, null, null);
            case ReceivedDelivery.Ignored ignored:
                logger.LogInformation("Source {SourceId} ignored a delivery: {Reason}", source.Id, ignored.Reason);
                return (receiver.Answer(source, DeliveryOutcome.Nothing), DeliveryResult.Ignored, null, ignored.Reason);
        }

        var accepted = (ReceivedDelivery.Accepted)received;
        if (accepted.DeliveryId is not { } deliveryId)
        {
            var result = await runner.RunAsync(source, accepted, cancellationToken);
            return result is SourceActionResult.Acted { Outcome: var outcome }
                ? Acted(receiver.Answer(source, outcome), outcome, accepted.Trigger)
                : (receiver.Refuse(source, Problem(result)), DeliveryResult.Refused, accepted.Trigger, null);
        }

        var (claimed, etag) = await log.TryClaimAsync(source.Id, deliveryId, cancellationToken);
        if (!claimed)
        {
            logger.LogInformation("Source {SourceId} dropped a repeated delivery", source.Id);
            return (receiver.Answer(source, DeliveryOutcome.Repeat), DeliveryResult.Repeat, accepted.Trigger, null);
        }

        try
        {
            var result = await runner.RunAsync(source, accepted, cancellationToken);
            if (result is not SourceActionResult.Acted { Outcome: var outcome })
            {
                await log.ReleaseAsync(source.Id, deliveryId, etag);
                return (receiver.Refuse(source, Problem(result)), DeliveryResult.Refused, accepted.Trigger, null);
            }

            await log.CompleteAsync(source.Id, deliveryId, cancellationToken);
            return Acted(receiver.Answer(source, outcome), outcome, accepted.Trigger);
        }
        catch
        {
            await log.ReleaseAsync(source.Id, deliveryId, etag);
            throw;
        }
    }

    /// <summary>The history's words for an outcome.</summary>
    private static (IResult Answer, DeliveryResult Result, string? Trigger, string? Detail) Acted(IResult answer, DeliveryOutcome outcome, string trigger) =>
        outcome.Duplicate ? (answer, DeliveryResult.Repeat, trigger, null)
        : outcome.Ignored ? (answer, DeliveryResult.Ignored, trigger, "Nothing is set up for it.")
        : outcome.AwaitingConfirmation == true ? (answer, DeliveryResult.AwaitingConfirmation, trigger, null)
        : outcome.EnrollmentId is not null ? (answer, DeliveryResult.Enrolled, trigger, outcome.Halted.Count == 0 ? null : $"Halted {outcome.Halted.Count} follow-up(s).")
        : (answer, DeliveryResult.EventRaised, trigger, $"Halted {outcome.Halted.Count} follow-up(s).");

    /// <summary>The problem+json of a delivery that was not acted on: 400 naming its fields, the enrollment's refusal as the API answers it, or 503 when no confirmation could be sent.</summary>
    private static IResult Problem(SourceActionResult refused) => refused switch
    {
        SourceActionResult.Invalid invalid => Problems.Validation(invalid.Errors),
        SourceActionResult.NotEnrolled notEnrolled => EnrollmentAnswers.For(notEnrolled.Refusal),
        SourceActionResult.Unavailable unavailable => Problems.Unavailable(unavailable.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(refused), refused, "Not a refusal."),
    };

    /// <summary>The status an answer is sent with.</summary>
    private static int StatusOf(IResult answer) => (answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;

    /// <summary>Why a delivery was refused, from its problem: the names of the fields at fault, or what its status means; never a value it held.</summary>
    private static string Refusal(IResult answer, int status)
    {
        while (answer is INestedHttpResult nested)
        {
            answer = nested.Result;
        }

        var fields = answer switch
        {
            ValidationProblem validation => validation.ProblemDetails.Errors.Keys,
            ProblemHttpResult { ProblemDetails: HttpValidationProblemDetails details } => details.Errors.Keys,
            _ => [],
        };
        return fields.Count > 0 ? "Fields that could not be used: " + string.Join(", ", fields) + "."
            : status switch
            {
                StatusCodes.Status401Unauthorized => "The signature did not match: the secret differs from the sender's, or someone else sent it.",
                StatusCodes.Status429TooManyRequests => "Too many submissions came at once; it was refused by the rate cap.",
                StatusCodes.Status403Forbidden => "It came from a website that is not allowed, or failed the CAPTCHA.",
                _ => "It could not be read.",
            };
    }

    /// <summary>Why the source's secret cannot check deliveries (never showing it), or null when it can.</summary>
    private static string? Unusable(Source source, string? secret) =>
        !SourceSecrets.IsSecretSetting(source.SecretSetting) ? $"is not under {SourceSecrets.Prefix}, so the app does not read it; save the source again with one that is"
        : string.IsNullOrEmpty(secret) ? "is not set on the app"
        : SourceSecrets.Weakness(source.Kind, secret) is not null ? "does not hold a usable secret (too short or malformed)"
        : null;
}
