using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>The <c>X-Twilio-Signature</c> of a callback: base64 HMAC-SHA1, keyed with the auth token, of the URL followed by every POST parameter's name and value in name order.</summary>
public static class TwilioSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string Header = "X-Twilio-Signature";

    /// <summary>Computes the signature Twilio gives a callback to <paramref name="url"/> with these POST parameters.</summary>
    /// <param name="authToken">The account's auth token.</param>
    /// <param name="url">The callback URL exactly as Twilio was given it, query string included.</param>
    /// <param name="parameters">The POST parameters.</param>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var signed = new StringBuilder(url);
        foreach (var (name, values) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var value in values.Order(StringComparer.Ordinal))
            {
                signed.Append(name).Append(value);
            }
        }

        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(signed.ToString()));
        return Convert.ToBase64String(mac);
    }

    /// <summary>Whether <paramref name="signature"/> is the one Twilio would send; compared in constant time.</summary>
    /// <param name="authToken">The account's auth token.</param>
    /// <param name="url">The callback URL exactly as Twilio was given it, query string included.</param>
    /// <param name="parameters">The POST parameters as received.</param>
    /// <param name="signature">The header's value; missing or empty never matches.</param>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>> parameters, string? signature) =>
        !string.IsNullOrEmpty(signature)
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(authToken, url, parameters)),
            Encoding.ASCII.GetBytes(signature));
}
