using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Signing;

/// <summary>Signs short values (an enrollment id, an address) into URL-safe tokens that nobody without the key can forge.</summary>
/// <remarks>
/// A token is <c>&lt;value&gt;.&lt;signature&gt;</c>, both base64url; the signature is HMAC-SHA256 over the purpose and
/// the value, truncated to 16 bytes, so a reply token cannot serve as an unsubscribe token. The key is
/// <c>FollowUp:SigningKey</c> (base64, at least 32 bytes); without one a random key is made at start, which is fine for a
/// local run but breaks every link after a restart, so a warning says so.
/// </remarks>
public sealed class TokenSigner
{
    private const int SignatureBytes = 16;
    private readonly byte[] key;

    /// <summary>Reads the key from the options, or makes a random one.</summary>
    public TokenSigner(IOptions<FollowUpOptions> options, ILogger<TokenSigner> logger)
    {
        if (options.Value.SigningKey is { Length: > 0 } configured)
        {
            key = Convert.FromBase64String(configured);
            return;
        }

        key = RandomNumberGenerator.GetBytes(32);
        logger.LogWarning("FollowUp:SigningKey is not set: reply addresses and unsubscribe links made now stop working when the app restarts");
    }

    /// <summary>The token of <paramref name="value"/> for <paramref name="purpose"/> (such as <c>reply</c> or <c>unsubscribe</c>).</summary>
    public string Sign(string purpose, string value) => SignBytes(purpose, Encoding.UTF8.GetBytes(value));

    /// <summary>The token of the bytes <paramref name="value"/>, for values packed shorter than their text (a reply address's local part holds 64 characters).</summary>
    public string SignBytes(string purpose, byte[] value) => $"{Base64Url(value)}.{Base64Url(Signature(purpose, value))}";

    /// <summary>Reads a token made by <see cref="Sign"/> for the same purpose; false when it is malformed or forged.</summary>
    public bool TryVerify(string purpose, string? token, out string value)
    {
        var verified = TryVerifyBytes(purpose, token, out var bytes);
        value = verified ? Encoding.UTF8.GetString(bytes) : "";
        return verified;
    }

    /// <summary>Reads a token made by <see cref="SignBytes"/> for the same purpose; false when it is malformed or forged.</summary>
    public bool TryVerifyBytes(string purpose, string? token, out byte[] value)
    {
        value = [];
        var dot = token?.IndexOf('.') ?? -1;
        if (dot <= 0 || !TryFromBase64Url(token![..dot], out var bytes) || !TryFromBase64Url(token[(dot + 1)..], out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, Signature(purpose, bytes)))
        {
            return false;
        }

        value = bytes;
        return true;
    }

    private byte[] Signature(string purpose, byte[] value)
    {
        var purposeBytes = Encoding.UTF8.GetBytes(purpose + "\n");
        var data = new byte[purposeBytes.Length + value.Length];
        purposeBytes.CopyTo(data, 0);
        value.CopyTo(data, purposeBytes.Length);
        return HMACSHA256.HashData(key, data)[..SignatureBytes];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var length))
        {
            return false;
        }

        bytes = bytes[..length];
        return true;
    }
}
