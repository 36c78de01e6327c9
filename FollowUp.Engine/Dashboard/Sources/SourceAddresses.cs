using FollowUp.Engine.Sources;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Sources;

/// <summary>The address senders post a source's deliveries to, built from <c>FollowUp:PublicBaseUrl</c> or, when it is unset, from the address the dashboard was opened at.</summary>
/// <param name="Base">The app's address, without a trailing slash.</param>
/// <param name="FromSetting">Whether <see cref="Base"/> comes from <c>FollowUp:PublicBaseUrl</c>.</param>
public sealed record SourceAddresses(string Base, bool FromSetting)
{
    /// <summary>The base of this request: the setting when it is set, else the request's own scheme, host and path base.</summary>
    public static SourceAddresses For(Uri? publicBaseUrl, HttpRequest request) =>
        publicBaseUrl is not null
            ? new(publicBaseUrl.AbsoluteUri.TrimEnd('/'), true)
            : new($"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}".TrimEnd('/'), false);

    /// <summary>The full delivery address of the source <paramref name="id"/>.</summary>
    public string DeliveryUrl(string id) => Base + SourceDocument.DeliveryPathOf(id);
}
