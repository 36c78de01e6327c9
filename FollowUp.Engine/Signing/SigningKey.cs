using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace FollowUp.Engine.Signing;

/// <summary>One key of the signing key ring: its bytes and the short id that tokens signed with it carry.</summary>
/// <remarks>
/// The id is the first <see cref="IdLength"/> base64url characters of the key's SHA-256 (12 bits), so it follows the key
/// wherever it is configured, current or previous, with nothing else to keep in step; it tells nothing useful about the key.
/// Two keys of a ring may share an id by chance (about one in 4,096): each of them is then tried.
/// </remarks>
public sealed class SigningKey
{
    /// <summary>The fewest bytes a signing key may have.</summary>
    public const int MinimumBytes = 32;

    /// <summary>The length of a key id, in base64url characters.</summary>
    public const int IdLength = 2;

    private SigningKey(byte[] bytes)
    {
        Bytes = bytes;
        Id = Base64Url.EncodeToString(SHA256.HashData(bytes))[..IdLength];
    }

    /// <summary>The key id that tokens signed with this key carry.</summary>
    public string Id { get; }

    /// <summary>The HMAC key.</summary>
    public byte[] Bytes { get; }

    /// <summary>A key of random bytes, for a run without a configured key.</summary>
    public static SigningKey Random() => new(RandomNumberGenerator.GetBytes(MinimumBytes));

    /// <summary>Reads a configured key; false when it is not base64 or has fewer than <see cref="MinimumBytes"/> bytes.</summary>
    public static bool TryParse(string? base64, [NotNullWhen(true)] out SigningKey? key)
    {
        key = null;
        var trimmed = base64?.Trim() ?? "";
        var bytes = new byte[trimmed.Length];
        if (!Convert.TryFromBase64String(trimmed, bytes, out var length) || length < MinimumBytes)
        {
            return false;
        }

        key = new SigningKey(bytes[..length]);
        return true;
    }
}
