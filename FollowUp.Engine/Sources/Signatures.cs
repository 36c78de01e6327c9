using System.Security.Cryptography;

namespace FollowUp.Engine.Sources;

/// <summary>Constant-time checks of the base64 or hex HMAC signatures senders put in headers.</summary>
public static class Signatures
{
    /// <summary>Whether <paramref name="given"/> is the base64 text of <paramref name="expected"/>, compared in constant time.</summary>
    public static bool Base64Matches(string? given, ReadOnlySpan<byte> expected)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            return false;
        }

        var buffer = new byte[given.Length];
        return Convert.TryFromBase64String(given.Trim(), buffer, out var length)
            && CryptographicOperations.FixedTimeEquals(buffer.AsSpan(0, length), expected);
    }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> with <paramref name="key"/>.</summary>
    public static byte[] HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);
}
