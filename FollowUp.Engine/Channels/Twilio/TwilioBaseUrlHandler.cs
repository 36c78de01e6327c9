using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>Sends requests for <c>api.twilio.com</c> to the scheme, host and port of <c>FollowUp:Twilio:BaseUrl</c>, keeping path and query.</summary>
/// <remarks>
/// Twilio's library builds every URL, the next page's included, on its own domain; this handler is how a proxy or a test
/// server is reached instead. Requests to any other host pass untouched, so the handler can sit on the shared provider clients.
/// </remarks>
public sealed class TwilioBaseUrlHandler(IOptions<FollowUpOptions> options) : DelegatingHandler
{
    /// <summary>The host Twilio's library addresses.</summary>
    public const string ApiHost = "api.twilio.com";

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { Host: ApiHost } uri)
        {
            var baseUrl = options.Value.Twilio.BaseUrl;
            request.RequestUri = new UriBuilder(uri) { Scheme = baseUrl.Scheme, Host = baseUrl.Host, Port = baseUrl.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
