using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Azure.Core;
using Azure.Identity;

namespace FollowUp.Engine.Channels.Acs;

/// <summary>Authenticates requests to ACS: signed with the access key when one is set, else with a Microsoft Entra token.</summary>
/// <remarks>
/// Without a key, the token comes from the credential given (tests, or a host's own), else from the managed identity
/// named by <see cref="AcsOptions.ClientId"/>, else from <see cref="DefaultAzureCredential"/>. Tokens are kept until
/// five minutes before they expire (or until the credential's suggested refresh time), because some credentials
/// (the developer's Azure CLI sign-in) start a process on every call.
/// </remarks>
internal sealed class AcsAuthenticator(AcsOptions settings, TimeProvider time, TokenCredential? credential) : IDisposable
{
    /// <summary>The Microsoft Entra scope of Azure Communication Services.</summary>
    public const string Scope = "https://communication.azure.com//.default";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim tokenLock = new(1, 1);
    private byte[]? key;
    private TokenCredential? tokenSource = credential;
    /// <summary>The last token, boxed so that it is read and replaced whole.</summary>
    private volatile StrongBox<AccessToken>? token;

    /// <summary>Adds the authentication headers to <paramref name="request"/>, whose body is <paramref name="body"/>.</summary>
    /// <exception cref="ProviderUnavailableException">The access key is not base64, or no token could be had.</exception>
    public async Task AuthenticateAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(settings.AccessKey))
        {
            AcsRequestSigner.Sign(request, body, key ??= Decode(settings.AccessKey), time.GetUtcNow());
            return;
        }

        var accessToken = await GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken.Token);
    }

    /// <inheritdoc />
    public void Dispose() => tokenLock.Dispose();

    private static byte[] Decode(string accessKey)
    {
        try
        {
            return Convert.FromBase64String(accessKey);
        }
        catch (FormatException)
        {
            throw new ProviderUnavailableException("FollowUp:Acs:AccessKey is not a base64 access key.");
        }
    }

    private async Task<AccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh(token) is { } cached)
        {
            return cached;
        }

        await tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(token) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            tokenSource ??= settings.ClientId is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential();
            var fetched = await tokenSource.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
            token = new StrongBox<AccessToken>(fetched);
            return fetched;
        }
        catch (AuthenticationFailedException exception)
        {
            throw new ProviderUnavailableException("No Microsoft Entra token for ACS could be had; set FollowUp:Acs:AccessKey or give the app an identity with access to the resource.", exception);
        }
        finally
        {
            tokenLock.Release();
        }
    }

    /// <summary>The cached token while it is good for more than the refresh margin; null when a new one is needed.</summary>
    private AccessToken? Fresh(StrongBox<AccessToken>? cached)
    {
        if (cached is null)
        {
            return null;
        }

        var held = cached.Value;
        var renewAt = held.RefreshOn ?? held.ExpiresOn - RefreshMargin;
        return time.GetUtcNow() < renewAt ? held : null;
    }
}
