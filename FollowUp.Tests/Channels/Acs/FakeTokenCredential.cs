using Azure.Core;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>A Microsoft Entra credential that hands out one fixed token and counts how often it is asked.</summary>
public sealed class FakeTokenCredential(string token, TimeSpan lifetime) : TokenCredential
{
    private int requests;

    /// <summary>How many tokens were asked for.</summary>
    public int Requests => requests;

    /// <summary>The scopes of the last request.</summary>
    public IReadOnlyList<string> LastScopes { get; private set; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        LastScopes = requestContext.Scopes;
        return new AccessToken(token, DateTimeOffset.UtcNow + lifetime);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
