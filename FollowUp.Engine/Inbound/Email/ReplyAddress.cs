using System.Buffers.Binary;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Signing;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>The per-enrollment reply address: <c>FollowUp:Email:ReplyTo</c> plus-addressed with a signed token of the enrollment id; with IMAP plus-addressing on, the IMAP mailbox's own address instead.</summary>
/// <remarks>
/// A local part holds at most 64 characters (RFC 5321). The token of the enrollment id as text would take 54, so the id
/// (22 characters of the 32-letter alphabet of <see cref="Storage.RandomIds"/>, 5 bits each) is packed into 14 bytes
/// before signing: the token is then 42 characters, which leaves <see cref="MaxLocalPartLength"/> for the configured
/// local part. The token is signed for the purpose <see cref="Purpose"/>, so no other token of the app can stand in for it.
/// </remarks>
public sealed class ReplyAddress(IOptions<FollowUpOptions> options, TokenSigner signer)
{
    /// <summary>The signing purpose of reply tokens.</summary>
    public const string Purpose = "reply";

    /// <summary>The length of every reply token: 14 packed bytes and a 16-byte signature, both base64url, and a dot.</summary>
    public const int TokenLength = 19 + 1 + 22;

    /// <summary>The longest local part <c>FollowUp:Email:ReplyTo</c> may have, so that <c>local+token</c> stays within 64 characters.</summary>
    public const int MaxLocalPartLength = 64 - 1 - TokenLength;

    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int PackedBytes = 14;
    private const int ContactIdLength = 12;
    private const int IdCharacters = 22;

    /// <summary>The reply mailbox of an enrollment (display name kept), such as <c>Acme &lt;replies+token@acme.example&gt;</c>; the plain configured address for an id that cannot be packed; null when none is set.</summary>
    public string? For(string enrollmentId)
    {
        var imap = options.Value.Imap;
        var replyTo = imap is { IsConfigured: true, PlusAddressing: true } ? imap.MailboxAddress : options.Value.Email.ReplyTo;
        if (replyTo is not { } configured)
        {
            return null;
        }

        var mailbox = MailboxAddress.Parse(configured);
        if (Pack(enrollmentId) is not { } packed)
        {
            return configured;
        }

        var at = mailbox.Address.LastIndexOf('@');
        var local = mailbox.Address[..at];
        return new MailboxAddress(mailbox.Name, $"{local}+{signer.SignBytes(Purpose, packed)}{mailbox.Address[at..]}").ToString();
    }

    /// <summary>Reads the enrollment id out of an address's plus-token; false when the address has none, or it is forged or made for another purpose.</summary>
    public bool TryRead(string address, out string enrollmentId)
    {
        enrollmentId = "";
        var at = address.LastIndexOf('@');
        var plus = at < 0 ? -1 : address.LastIndexOf('+', at);
        if (plus < 0 || plus > at || !signer.TryVerifyBytes(Purpose, address[(plus + 1)..at], out var packed) || Unpack(packed) is not { } id)
        {
            return false;
        }

        enrollmentId = id;
        return true;
    }

    /// <summary>The 110 bits of an enrollment id's 22 letters, big-endian in 14 bytes; null when the id is not one made by this app.</summary>
    private static byte[]? Pack(string enrollmentId)
    {
        if (!EnrollmentId.TryGetContactId(enrollmentId, out _))
        {
            return null;
        }

        UInt128 value = 0;
        foreach (var letter in enrollmentId.Replace("-", "", StringComparison.Ordinal))
        {
            var index = Alphabet.IndexOf(letter, StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            value = (value << 5) | (uint)index;
        }

        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return bytes[(16 - PackedBytes)..];
    }

    private static string? Unpack(byte[] packed)
    {
        if (packed.Length != PackedBytes)
        {
            return null;
        }

        var bytes = new byte[16];
        packed.CopyTo(bytes, 16 - PackedBytes);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        var letters = new char[IdCharacters];
        for (var i = IdCharacters - 1; i >= 0; i--)
        {
            letters[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        var id = $"{new string(letters, 0, ContactIdLength)}-{new string(letters, ContactIdLength, IdCharacters - ContactIdLength)}";
        return value == 0 && EnrollmentId.TryGetContactId(id, out _) ? id : null;
    }
}
