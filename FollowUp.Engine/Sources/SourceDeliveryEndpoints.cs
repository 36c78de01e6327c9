using FollowUp.Engine.Http;
using FollowUp.Engine.Sources.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Sources;

/// <summary>The HTTP handler of <c>POST /api/sources/{id}/deliveries</c>: authenticates a delivery, drops repeats and acts on it.</summary>
/// <remarks>
/// A delivery is refused before anything is stored when its signature, body or contact is wrong. A delivery id is claimed
/// before acting and released if acting fails, so a repeat does nothing and a failed delivery's retry is acted on.
/// </remarks>
public sealed class SourceDeliveryEndpoints(
    SourceStore sources,
    IEnumerable<ISourceReceiver> receivers,
    FormReceiver forms,
    DeliveryLog log,
    SourceActionRunner runner,
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

        var (body, tooLarge) = await RequestBody.ReadAsync(request, cancellationToken);
        if (tooLarge is not null)
        {
            return receiver.Refuse(source, tooLarge);
        }

        var secret = source.SecretSetting is { } setting && SourceSecrets.IsSecretSetting(setting) ? configuration[setting] : null;
        if (source.SecretSetting is not null && Unusable(source, secret) is { } reason)
        {
            logger.LogError("Source {SourceId} cannot check deliveries: its secret setting {SecretSetting} {Reason}", source.Id, source.SecretSetting, reason);
            return Problems.Unavailable($"This source's secret setting '{source.SecretSetting}' {reason}.");
        }

        var received = await receiver.ReceiveAsync(request, body, source, secret, cancellationToken);
        switch (received)
        {
            case ReceivedDelivery.Refused refused:
                logger.LogWarning("Source {SourceId} refused a delivery", source.Id);
                return refused.Problem;
            case ReceivedDelivery.Ignored ignored:
                logger.LogInformation("Source {SourceId} ignored a delivery: {Reason}", source.Id, ignored.Reason);
                return receiver.Answer(source, DeliveryOutcome.Nothing);
        }

        var accepted = (ReceivedDelivery.Accepted)received;
        if (accepted.DeliveryId is not { } deliveryId)
        {
            var (outcome, problem) = await runner.RunAsync(source, accepted, cancellationToken);
            return problem is null ? receiver.Answer(source, outcome!) : receiver.Refuse(source, problem);
        }

        var (claimed, etag) = await log.TryClaimAsync(source.Id, deliveryId, cancellationToken);
        if (!claimed)
        {
            logger.LogInformation("Source {SourceId} dropped a repeated delivery", source.Id);
            return receiver.Answer(source, DeliveryOutcome.Repeat);
        }

        try
        {
            var (outcome, problem) = await runner.RunAsync(source, accepted, cancellationToken);
            if (problem is not null)
            {
                await log.ReleaseAsync(source.Id, deliveryId, etag);
                return receiver.Refuse(source, problem);
            }

            await log.CompleteAsync(source.Id, deliveryId, cancellationToken);
            return receiver.Answer(source, outcome!);
        }
        catch
        {
            await log.ReleaseAsync(source.Id, deliveryId, etag);
            throw;
        }
    }

    /// <summary>Why the source's secret cannot check deliveries (never showing it), or null when it can.</summary>
    private static string? Unusable(Source source, string? secret) =>
        !SourceSecrets.IsSecretSetting(source.SecretSetting) ? $"is not under {SourceSecrets.Prefix}, so the app does not read it; save the source again with one that is"
        : string.IsNullOrEmpty(secret) ? "is not set on the app"
        : SourceSecrets.Weakness(source.Kind, secret) is not null ? "does not hold a usable secret (too short or malformed)"
        : null;
}
