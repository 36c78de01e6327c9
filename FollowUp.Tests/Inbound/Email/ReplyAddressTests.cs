using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using FollowUp.Engine;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Signing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FollowUp.Tests.Inbound.Email;

public sealed class ReplyAddressTests
{
    private const string Key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private const string EnrollmentId = "0123456789ab-cdefghjkmn";

    private static ReplyAddress Addresses(string? replyTo = "Acme <replies@acme.example>", string key = Key)
    {
        var options = Options.Create(new FollowUpOptions { SigningKey = key, Email = { ReplyTo = replyTo } });
        return new ReplyAddress(options, new TokenSigner(options, NullLogger<TokenSigner>.Instance));
    }

    /// <summary>The token computed apart from the engine: the 22 letters as 5-bit digits in 14 bytes, the key id (two base64url characters of the key's SHA-256), HMAC-SHA256 over "reply\n" and them, cut to 15 bytes.</summary>
    internal static string ExpectedToken(string enrollmentId, string key = Key)
    {
        var packed = Packed(enrollmentId);
        var signature = HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes("reply\n").Concat(packed).ToArray())[..15];
        return $"{Base64Url(packed)}.{Base64Url(SHA256.HashData(Convert.FromBase64String(key)))[..2]}{Base64Url(signature)}";
    }

    private static byte[] Packed(string enrollmentId)
    {
        const string alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        var number = enrollmentId.Replace("-", "").Aggregate(BigInteger.Zero, (n, c) => n * 32 + alphabet.IndexOf(c));
        var packed = number.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[14 - packed.Length], .. packed];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void For_ConfiguredReplyTo_PlusAddressesASignedTokenAndKeepsTheName()
    {
        var mailbox = MailboxAddress.Parse(Addresses().For(EnrollmentId)!);

        Assert.Equal("Acme", mailbox.Name);
        Assert.Equal($"replies+{ExpectedToken(EnrollmentId)}@acme.example", mailbox.Address);
        Assert.True(mailbox.LocalPart.Length <= 64, $"the local part has {mailbox.LocalPart.Length} characters");
        Assert.True(Addresses().TryRead(mailbox.Address, out var read));
        Assert.Equal(EnrollmentId, read);
    }

    [Fact]
    public void For_LongestAllowedLocalPart_StaysWithinTheLimit()
    {
        var local = new string('r', ReplyAddress.MaxLocalPartLength);
        var mailbox = MailboxAddress.Parse(Addresses($"{local}@acme.example").For("zzzzzzzzzzzz-zzzzzzzzzz")!);

        Assert.Equal(64, mailbox.LocalPart.Length);
        Assert.True(Addresses($"{local}@acme.example").TryRead(mailbox.Address, out var read));
        Assert.Equal("zzzzzzzzzzzz-zzzzzzzzzz", read);
    }

    [Fact]
    public void For_NoReplyTo_IsNull() => Assert.Null(Addresses(replyTo: null).For(EnrollmentId));

    [Theory]
    [InlineData("replies@acme.example")]
    [InlineData("replies+nothing@acme.example")]
    [InlineData("replies+AAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA@acme.example")]
    public void TryRead_NoOrBadToken_IsFalse(string address) => Assert.False(Addresses().TryRead(address, out _));

    [Fact]
    public void TryRead_TokenForAnotherPurposeOrKeyOrValue_IsFalse()
    {
        var options = Options.Create(new FollowUpOptions { SigningKey = Key });
        var signer = new TokenSigner(options, NullLogger<TokenSigner>.Instance);
        var genuine = ExpectedToken(EnrollmentId);
        var otherPurpose = signer.SignBytes("unsubscribe", Packed(EnrollmentId));
        var swappedValue = ExpectedToken("0123456789ab-0000000000").Split('.')[0] + "." + genuine.Split('.')[1];

        Assert.False(Addresses().TryRead($"replies+{otherPurpose}@acme.example", out _));
        Assert.False(Addresses().TryRead($"replies+{swappedValue}@acme.example", out _));
        Assert.False(Addresses(key: "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=").TryRead($"replies+{genuine}@acme.example", out _));
    }
}
