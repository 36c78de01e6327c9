using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace FollowUp.Engine.Channels.Acs;

/// <summary>Signs a request with an ACS access key: the HMAC-SHA256 scheme of ACS's access-key authentication.</summary>
/// <remarks>
/// The signed text is <c>VERB\npath?query\nx-ms-date;host;x-ms-content-sha256</c>, where host is the URI's authority
/// (a non-default port included, as in the Host header) and the content hash is the base64 SHA-256 of the body (of
/// nothing for a GET). ACS refuses a date more than 15 minutes off, so each request is signed just before it is sent;
/// the HTTP retries of one request reuse its signature, well within that window.
/// </remarks>
internal static class AcsRequestSigner
{
    /// <summary>The request headers covered by the signature, in the order they are signed.</summary>
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    /// <summary>Adds <c>x-ms-date</c>, <c>x-ms-content-sha256</c> and the <c>Authorization</c> header to <paramref name="request"/>.</summary>
    /// <param name="request">A request with an absolute URI.</param>
    /// <param name="body">The exact bytes of the body; empty for none.</param>
    /// <param name="key">The base64-decoded access key.</param>
    /// <param name="now">The time to sign with.</param>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, byte[] key, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var date = now.ToString("r", CultureInfo.InvariantCulture);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var stringToSign = $"{request.Method.Method}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-content-sha256", contentHash);
        request.Headers.Authorization = new AuthenticationHeaderValue("HMAC-SHA256", $"SignedHeaders={SignedHeaders}&Signature={signature}");
    }
}
