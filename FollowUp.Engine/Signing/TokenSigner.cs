using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Signing;

/// <summary>Signs short values (an enrollment id, an address) into URL-safe tokens that nobody without the key can forge.</summary>
/// <remarks>
/// <para>A token is <c>&lt;value&gt;.&lt;key id&gt;&lt;signature&gt;</c>: the value in base64url, the two-character id of the
/// key that signed it (<see cref="SigningKey.Id"/>), and HMAC-SHA256 over the purpose and the value, cut to 15 bytes and in
/// base64url, so a reply token cannot serve as an unsubscribe token. After the dot come 22 characters, as many as before
/// tokens carried a key id, so a reply address keeps its length.</para>
/// <para>Tokens are signed with <c>FollowUp:SigningKey</c> and checked against the key their id names, that one or one of
/// <c>FollowUp:PreviousSigningKeys</c>, so that links already sent keep working after the key is rotated. Tokens made before
/// key ids (a 16-byte signature and no id) are checked against every key of the ring. Without a configured key a random one
/// is made at start, which is fine for a local run but breaks every link after a restart, so a warning says so (and outside
/// Development the app does not start without one).</para>
/// </remarks>
public sealed class TokenSigner
{
    private const int SignatureBytes = 15;
    private const int UnidentifiedSignatureBytes = 16;
    private const int SignatureLength = 22;

    private readonly SigningKey current;
    private readonly IReadOnlyList<SigningKey> ring;

    /// <summary>Reads the current and previous keys from the options, or makes a random current key.</summary>
    public TokenSigner(IOptions<FollowUpOptions> options, ILogger<TokenSigner> logger)
    {
        if (!SigningKey.TryParse(options.Value.SigningKey, out var configured))
        {
            configured = SigningKey.Random();
            logger.LogWarning("FollowUp:SigningKey is not set: reply addresses and unsubscribe links made now stop working when the app restarts");
        }

        current = configured;
        var previous = (options.Value.PreviousSigningKeys ?? []).Select(key => SigningKey.TryParse(key, out var parsed) ? parsed : null).OfType<SigningKey>();
        ring = [current, .. previous];
    }

    /// <summary>The token of <paramref name="value"/> for <paramref name="purpose"/> (such as <c>reply</c> or <c>unsubscribe</c>).</summary>
    public string Sign(string purpose, string value) => SignBytes(purpose, Encoding.UTF8.GetBytes(value));

    /// <summary>The token of the bytes <paramref name="value"/>, for values packed shorter than their text (a reply address's local part holds 64 characters).</summary>
    public string SignBytes(string purpose, byte[] value) =>
        $"{Base64Url.EncodeToString(value)}.{current.Id}{Base64Url.EncodeToString(Mac(current, purpose, value)[..SignatureBytes])}";

    /// <summary>Reads a token made by <see cref="Sign"/> for the same purpose; false when it is malformed or forged.</summary>
    public bool TryVerify(string purpose, string? token, out string value)
    {
        var verified = TryVerifyBytes(purpose, token, out var bytes);
        value = verified ? Encoding.UTF8.GetString(bytes) : "";
        return verified;
    }

    /// <summary>Reads a token made by <see cref="SignBytes"/> for the same purpose; false when it is malformed, forged, or signed with a key that is not in the ring.</summary>
    public bool TryVerifyBytes(string purpose, string? token, out byte[] value)
    {
        value = [];
        var dot = token?.IndexOf('.') ?? -1;
        if (dot <= 0 || token!.Length - dot - 1 != SignatureLength || !TryDecode(token[..dot], out var bytes))
        {
            return false;
        }

        var signed = token[(dot + 1)..];
        var identified = TryDecode(signed[SigningKey.IdLength..], out var signature) && signature.Length == SignatureBytes
            && ring.Any(key => key.Id == signed[..SigningKey.IdLength] && Matches(signature, Mac(key, purpose, bytes)));
        var unidentified = !identified && TryDecode(signed, out signature) && signature.Length == UnidentifiedSignatureBytes
            && ring.Any(key => Matches(signature, Mac(key, purpose, bytes)));
        if (!identified && !unidentified)
        {
            return false;
        }

        value = bytes;
        return true;
    }

    private static bool Matches(byte[] signature, byte[] mac) => CryptographicOperations.FixedTimeEquals(signature, mac.AsSpan(0, signature.Length));

    private static byte[] Mac(SigningKey key, string purpose, byte[] value)
    {
        var purposeBytes = Encoding.UTF8.GetBytes(purpose + "\n");
        var data = new byte[purposeBytes.Length + value.Length];
        purposeBytes.CopyTo(data, 0);
        value.CopyTo(data, purposeBytes.Length);
        return HMACSHA256.HashData(key.Bytes, data);
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = Base64Url.IsValid(text) ? Base64Url.DecodeFromChars(text) : [];
        return bytes.Length > 0;
    }
}
