using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FollowUp.Tests.Sources;

/// <summary>Signs a test delivery as a Standard Webhooks sender does, written from the specification, apart from the engine's code.</summary>
public static class WebhookSigning
{
    /// <summary>The <c>webhook-signature</c> header value: <c>v1,</c> and base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
