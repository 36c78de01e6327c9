using TwilioHttpClient = Twilio.Http.HttpClient;
using Twilio.Http;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>Lets Twilio's library send its requests, and the account's Basic credentials with them, only to Twilio's API or to <c>FollowUp:Twilio:BaseUrl</c>.</summary>
/// <remarks>
/// The library follows the next-page link of a list answer as given: an absolute <c>meta.next_page_url</c>, or a
/// <c>next_page_uri</c> such as <c>@other.example/…</c> appended to its own domain, would send the credentials to another
/// host. The check runs on the address the library built, before the request (and its <c>Authorization</c> header) exists.
/// </remarks>
public sealed class TwilioHostGuard(TwilioHttpClient inner, Uri baseUrl) : TwilioHttpClient
{
    private static readonly Uri TwilioApi = new("https://" + TwilioBaseUrlHandler.ApiHost);

    /// <inheritdoc />
    /// <exception cref="ProviderUnavailableException">The request is addressed to another host.</exception>
    public override Response MakeRequest(Request request)
    {
        Check(request);
        return inner.MakeRequest(request);
    }

    /// <inheritdoc />
    /// <exception cref="ProviderUnavailableException">The request is addressed to another host.</exception>
    public override Task<Response> MakeRequestAsync(Request request)
    {
        Check(request);
        return inner.MakeRequestAsync(request);
    }

    /// <summary>Whether <paramref name="address"/> is Twilio's API, or <paramref name="baseUrl"/>'s scheme, host and port, with no user information.</summary>
    public static bool IsAllowed(Uri address, Uri baseUrl) =>
        address.IsAbsoluteUri && address.UserInfo.Length == 0 && (SameOrigin(address, TwilioApi) || SameOrigin(address, baseUrl));

    private static bool SameOrigin(Uri address, Uri origin) =>
        Uri.Compare(address, origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private void Check(Request request)
    {
        if (!IsAllowed(request.ConstructUrl(), baseUrl))
        {
            throw new ProviderUnavailableException("Twilio's answer pointed a request at a host other than Twilio's API or FollowUp:Twilio:BaseUrl; it was not sent.");
        }
    }
}
