using System.Security.Cryptography;
using System.Text;

namespace FollowUp.Engine.Channels.Acs;

/// <summary>The ACS <c>Operation-Id</c> of a send: a GUID derived from the enrollment and step alone.</summary>
/// <remarks>
/// Every attempt at one send carries the same id, so a worker that takes over after a crash can ask ACS about an earlier
/// attempt by that id; ACS's own deduplication of a repeated request rests on <see cref="AcsRepeatability"/>, not on this
/// id. The GUID is the first 128 bits of a SHA-256 of the key, marked as an RFC 9562 version 8 (custom) UUID.
/// </remarks>
internal static class AcsOperationId
{
    private const string Purpose = "followup:acs-email-operation";

    /// <summary>The operation id of the send named by <paramref name="key"/>, in lower-case <c>D</c> format.</summary>
    public static string For(SendKey key) => Derive($"{Purpose}\n{key.EnrollmentId}\n{key.StepId}");

    /// <summary>The version 8 GUID made of the first 128 bits of the SHA-256 of <paramref name="text"/>, in lower-case <c>D</c> format.</summary>
    public static string Derive(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
