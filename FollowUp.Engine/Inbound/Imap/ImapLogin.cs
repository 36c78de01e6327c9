using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>Logs an IMAP client in: with the password, or with SASL XOAUTH2 and a token of the app's client credentials (Microsoft 365).</summary>
/// <remarks>
/// The credential is built once: it keeps the token and asks for a new one only near its expiry. Its requests go through the
/// named HTTP client <see cref="HttpClientName"/>, so that a host can give them a proxy or a trusted certificate. Microsoft's
/// instance discovery knows only Microsoft's clouds, so it is skipped for any other authority host (Azure Stack, a stand-in).
/// </remarks>
public sealed class ImapLogin(IOptions<FollowUpOptions> options, IHttpClientFactory httpClients)
{
    /// <summary>The name of the HTTP client that asks Microsoft Entra for tokens.</summary>
    public const string HttpClientName = "imap-oauth";

    private static readonly string[] MicrosoftAuthorityHosts =
        ["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn"];

    private readonly Lazy<ClientSecretCredential> credential = new(() =>
    {
        var oauth = options.Value.Imap.OAuth;
        return new ClientSecretCredential(oauth.TenantId, oauth.ClientId, oauth.ClientSecret, new ClientSecretCredentialOptions
        {
            AuthorityHost = oauth.AuthorityHost,
            DisableInstanceDiscovery = !MicrosoftAuthorityHosts.Contains(oauth.AuthorityHost.Host, StringComparer.OrdinalIgnoreCase),
            Transport = new HttpClientTransport(httpClients.CreateClient(HttpClientName)),
        });
    });

    /// <summary>Authenticates <paramref name="client"/> as <c>FollowUp:Imap:User</c>.</summary>
    /// <exception cref="AuthenticationException">The server refused the login.</exception>
    /// <exception cref="Azure.Identity.AuthenticationFailedException">Microsoft Entra refused the client credentials.</exception>
    public async Task LoginAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var imap = options.Value.Imap;
        if (!imap.OAuth.IsSet)
        {
            await client.AuthenticateAsync(imap.User ?? "", imap.Password ?? "", cancellationToken);
            return;
        }

        var token = await credential.Value.GetTokenAsync(new TokenRequestContext([imap.OAuth.Scope]), cancellationToken);
        await client.AuthenticateAsync(new SaslMechanismOAuth2(imap.User ?? "", token.Token), cancellationToken);
    }
}
