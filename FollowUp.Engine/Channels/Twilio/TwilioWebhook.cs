using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Twilio.Security;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>Reads the form of a request from Twilio and checks its <c>X-Twilio-Signature</c> against the address Twilio was given.</summary>
/// <remarks>
/// The signed URL is rebuilt from <c>FollowUp:PublicBaseUrl</c>, the address Twilio was given, never from the Host header,
/// which a proxy may change. The signature is checked by Twilio's <see cref="RequestValidator"/>, which takes one value a
/// key: a key the form repeats is checked with its values joined by commas, as the library does for a
/// <c>NameValueCollection</c>. Twilio's messaging webhooks repeat none.
/// </remarks>
public static class TwilioWebhook
{
    /// <summary>The header that carries the signature.</summary>
    private const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>The address of <paramref name="route"/> (relative to <c>/api</c>) under <paramref name="publicBaseUrl"/>.</summary>
    public static string RouteUrl(Uri publicBaseUrl, string route) =>
        $"{publicBaseUrl.AbsoluteUri.TrimEnd('/')}/{FollowUpRoutes.Prefix}/{route}";

    /// <summary>Reads the request's form once its signature is checked; otherwise answers why not.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="settings">The engine's settings: the public address and Twilio's auth token.</param>
    /// <param name="route">The route Twilio called, relative to <c>/api</c>; the query string is added as received.</param>
    /// <param name="refuse">The answer to a missing or wrong signature, given a detail that names the header.</param>
    /// <param name="logger">Where a refusal is logged.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The form, or the problem to answer: 404 when Twilio is not configured, 400 for an unreadable form, or <paramref name="refuse"/>'s answer.</returns>
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadSignedFormAsync(
        HttpRequest request, FollowUpOptions settings, string route, Func<string, IResult> refuse, ILogger logger, CancellationToken cancellationToken)
    {
        if (settings.PublicBaseUrl is not { } publicBaseUrl || string.IsNullOrEmpty(settings.Twilio.AuthToken))
        {
            return (null, Problems.NotFound($"Twilio requests to /{FollowUpRoutes.Prefix}/{route} are not configured."));
        }

        IFormCollection form;
        try
        {
            form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            // A multipart body without its boundaries ends the reader with an IOException, as does broken framing.
            return (null, Problems.Validation("body", "The body is not a readable form."));
        }

        var signedUrl = RouteUrl(publicBaseUrl, route) + request.QueryString.Value;
        var signature = request.Headers[SignatureHeader].ToString();
        var parameters = form.ToDictionary(field => field.Key, field => field.Value.ToString(), StringComparer.Ordinal);
        if (string.IsNullOrEmpty(signature) || !new RequestValidator(settings.Twilio.AuthToken).Validate(signedUrl, parameters, signature))
        {
            logger.LogWarning("Refused a Twilio request to {Route} whose signature is missing or wrong", route);
            return (null, refuse($"The {SignatureHeader} header is missing or wrong."));
        }

        return (form, null);
    }
}
