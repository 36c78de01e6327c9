using FollowUp.Engine.Sources.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Sources.Confirmations;

/// <summary>The HTTP handlers of <c>/api/confirm?t=…</c>: GET asks, POST confirms a held form submission and starts what its source maps it to.</summary>
/// <remarks>
/// As with the unsubscribe link, GET never acts, because mail scanners and link previews fetch links nobody clicked.
/// A missing, forged or unknown token is 400 and an expired one 410, each with a page; a confirmation posted again
/// answers that it is done and does nothing more.
/// </remarks>
public sealed class ConfirmationEndpoints(
    ConfirmationLinks links,
    ConfirmationStore store,
    SourceStore sources,
    SourceActionRunner runner,
    TimeProvider time,
    ILogger<ConfirmationEndpoints> logger)
{
    /// <summary>Handles <c>GET /api/confirm?t=…</c>: the page with the Confirm button.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var token = request.Query[ConfirmationLinks.TokenParameter].ToString();
        var (confirmation, refusal) = await ReadAsync(token, cancellationToken);
        return refusal ?? (confirmation!.ConfirmedUtc is null ? ConfirmationPages.Ask(token) : ConfirmationPages.Done());
    }

    /// <summary>Handles <c>POST /api/confirm?t=…</c>: acts on the held submission once, then answers that it is done.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (confirmation, refusal) = await ReadAsync(request.Query[ConfirmationLinks.TokenParameter].ToString(), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (confirmation!.ConfirmedUtc is not null)
        {
            return ConfirmationPages.Done();
        }

        if (await sources.GetAsync(confirmation.SourceId, cancellationToken) is not { } source)
        {
            logger.LogWarning("Confirmation {ConfirmationId} is for source {SourceId}, which no longer exists", confirmation.Id, confirmation.SourceId);
            return ConfirmationPages.Failed();
        }

        var delivery = new ReceivedDelivery.Accepted(null, FormReceiver.Trigger, confirmation.Contact, confirmation.Data, null);
        if (await runner.RunConfirmedAsync(source, delivery, cancellationToken) is not SourceActionResult.Acted { Outcome: var outcome })
        {
            logger.LogWarning("Confirmation {ConfirmationId} of source {SourceId} could not be acted on", confirmation.Id, source.Id);
            return ConfirmationPages.Failed();
        }

        await store.MarkConfirmedAsync(confirmation.Id, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Confirmation {ConfirmationId} of source {SourceId} confirmed; enrollment {EnrollmentId}", confirmation.Id, source.Id, outcome.EnrollmentId);
        return ConfirmationPages.Done();
    }

    private async Task<(PendingConfirmation? Confirmation, IResult? Refusal)> ReadAsync(string token, CancellationToken cancellationToken)
    {
        if (!links.TryRead(token, out var id) || await store.GetAsync(id, cancellationToken) is not { } confirmation)
        {
            logger.LogWarning("Refused a confirmation whose token is missing, malformed, forged or unknown");
            return (null, ConfirmationPages.Invalid());
        }

        return confirmation.ConfirmedUtc is null && confirmation.ExpiresUtc <= time.GetUtcNow()
            ? (null, ConfirmationPages.Expired())
            : (confirmation, null);
    }
}
