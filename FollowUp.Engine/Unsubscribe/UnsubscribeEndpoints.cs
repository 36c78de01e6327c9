using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Unsubscribe;

/// <summary>The HTTP handlers of <c>/api/unsubscribe?t=…</c>: GET asks, POST (the page's form, or a mail client's RFC 8058 one-click) unsubscribes.</summary>
/// <remarks>
/// GET never unsubscribes, because mail scanners and link previews fetch links nobody clicked. POST needs no body (the
/// one-click body <c>List-Unsubscribe=One-Click</c> is accepted, as any other), since the signed token alone authenticates
/// it and RFC 8058 forbids cookies and authorization on the request. Both answer a page, as people open them in browsers;
/// a missing, forged or foreign token is 400 with a page saying so, and stores nothing.
/// </remarks>
public sealed class UnsubscribeEndpoints(UnsubscribeLinks links, UnsubscribeService unsubscribe, ILogger<UnsubscribeEndpoints> logger)
{
    /// <summary>Handles <c>GET /api/unsubscribe?t=…</c>: the confirmation page.</summary>
    public IResult Get(HttpRequest request)
    {
        var token = request.Query[UnsubscribeLinks.TokenParameter].ToString();
        return links.TryRead(token, out _) ? UnsubscribePage.Confirm(token) : Refuse();
    }

    /// <summary>Handles <c>POST /api/unsubscribe?t=…</c>: suppresses the link's address and answers that it is done, however often it is posted.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!links.TryRead(request.Query[UnsubscribeLinks.TokenParameter].ToString(), out var recipient))
        {
            return Refuse();
        }

        await unsubscribe.UnsubscribeAsync(recipient, cancellationToken);
        return UnsubscribePage.Done();
    }

    private IResult Refuse()
    {
        logger.LogWarning("Refused an unsubscribe request whose token is missing, malformed or forged");
        return UnsubscribePage.Invalid();
    }
}
