using System.Security.Cryptography;
using System.Text;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Unsubscribe;

/// <summary>Unsubscribe tokens computed here independently of the engine: base64url of the value, a dot, the key id (the first two base64url characters of the key's SHA-256) and the first 15 bytes of HMAC-SHA256 over the purpose, a newline and the value.</summary>
public static class UnsubscribeTokens
{
    /// <summary>The signing key the test apps are configured with (<c>FollowUp:SigningKey</c>).</summary>
    public const string SigningKey = PublicLocalAppFixture.SigningKey;

    /// <summary>Another key, whose tokens the test apps must refuse.</summary>
    public const string OtherKey = "b3RoZXItdGVzdHMtc2lnbmluZy1rZXktMzItYnl0ZXM=";

    /// <summary>The token value of an email to <paramref name="email"/> of contact <paramref name="contactId"/>: the id and the address's storage key.</summary>
    public static string Value(string contactId, string email) =>
        $"{contactId} email:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)))}";

    /// <summary>A token of <paramref name="value"/> for <paramref name="purpose"/> under <paramref name="key"/>.</summary>
    public static string Sign(string value, string purpose = "unsubscribe", string key = SigningKey)
    {
        var valueBytes = Encoding.UTF8.GetBytes(value);
        var keyBytes = Convert.FromBase64String(key);
        var signature = HMACSHA256.HashData(keyBytes, Encoding.UTF8.GetBytes($"{purpose}\n{value}"))[..15];
        return $"{Base64Url(valueBytes)}.{Base64Url(SHA256.HashData(keyBytes))[..2]}{Base64Url(signature)}";
    }

    /// <summary>A token as links sent before tokens carried a key id have it: the value, a dot and the first 16 bytes of the HMAC.</summary>
    public static string SignWithoutKeyId(string value, string key = SigningKey) =>
        $"{Base64Url(Encoding.UTF8.GetBytes(value))}.{Base64Url(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes($"unsubscribe\n{value}"))[..16])}";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
