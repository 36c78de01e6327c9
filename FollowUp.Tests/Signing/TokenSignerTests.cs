using System.Security.Cryptography;
using System.Text;
using FollowUp.Engine;
using FollowUp.Engine.Signing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Signing;

public sealed class TokenSignerTests
{
    private const string OldKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private const string NewKey = "bmV3LWN1cnJlbnQta2V5LWFmdGVyLWEtcm90YXRpb24h";
    private const string OtherKey = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    private static TokenSigner Signer(string? key = OldKey, params string[] previous) =>
        new(Options.Create(new FollowUpOptions { SigningKey = key, PreviousSigningKeys = [.. previous] }), NullLogger<TokenSigner>.Instance);

    /// <summary>A token computed apart from the engine: base64url value, a dot, the key id (two base64url characters of the key's SHA-256) and 15 bytes of HMAC-SHA256 over the purpose, a newline and the value.</summary>
    private static string Expected(string purpose, string value, string key = OldKey)
    {
        var keyBytes = Convert.FromBase64String(key);
        var id = Base64Url(SHA256.HashData(keyBytes))[..2];
        return $"{Base64Url(Encoding.UTF8.GetBytes(value))}.{id}{Base64Url(Hmac(keyBytes, purpose, value)[..15])}";
    }

    /// <summary>A token as signers made them before key ids: the value, a dot and 16 bytes of the same HMAC.</summary>
    private static string Unidentified(string purpose, string value, string key = OldKey) =>
        $"{Base64Url(Encoding.UTF8.GetBytes(value))}.{Base64Url(Hmac(Convert.FromBase64String(key), purpose, value)[..16])}";

    private static byte[] Hmac(byte[] key, string purpose, string value) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{purpose}\n{value}"));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void Sign_ThenVerify_GivesTheValueBack_AndTheTokenIsUrlSafe()
    {
        var token = Signer().Sign("reply", "abcdefghjkmn-0123456789");

        Assert.True(Signer().TryVerify("reply", token, out var value));
        Assert.Equal("abcdefghjkmn-0123456789", value);
        Assert.Matches("^[A-Za-z0-9_.-]+$", token);
    }

    [Fact]
    public void Sign_CarriesTheKeyIdBeforeTheSignature_InTheLengthOfAnUnidentifiedToken()
    {
        var token = Signer().Sign("unsubscribe", "c1 email:ab");

        Assert.Equal(Expected("unsubscribe", "c1 email:ab"), token);
        Assert.Equal(Unidentified("unsubscribe", "c1 email:ab").Length, token.Length);
    }

    [Fact]
    public void Verify_ForgedValueOtherPurposeOrOtherKey_Fails()
    {
        var token = Signer().Sign("reply", "enrollment-1");
        var forged = Signer().Sign("reply", "enrollment-2").Split('.')[0] + "." + token.Split('.')[1];

        Assert.False(Signer().TryVerify("reply", forged, out _));
        Assert.False(Signer().TryVerify("unsubscribe", token, out _));
        Assert.False(Signer(OtherKey).TryVerify("reply", token, out _));
        Assert.False(Signer().TryVerify("reply", "no-dot", out _));
        Assert.False(Signer().TryVerify("reply", null, out _));
    }

    [Fact]
    public void Verify_TokenOfThePreviousKey_StillWorksAfterARotation()
    {
        var beforeRotation = Signer(OldKey).Sign("unsubscribe", "c1 email:ab");
        var rotated = Signer(NewKey, OldKey);

        Assert.True(rotated.TryVerify("unsubscribe", beforeRotation, out var value));
        Assert.Equal("c1 email:ab", value);
        Assert.Equal(Expected("unsubscribe", "c1 email:ab", NewKey), rotated.Sign("unsubscribe", "c1 email:ab"));
        Assert.False(Signer(NewKey).TryVerify("unsubscribe", beforeRotation, out _));
    }

    [Fact]
    public void Verify_UnknownKeyId_Fails()
    {
        var token = Signer(OtherKey).Sign("reply", "enrollment-1");

        Assert.False(Signer(NewKey, OldKey).TryVerify("reply", token, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(21)]
    public void Verify_TamperedKeyIdOrSignature_Fails(int position)
    {
        var token = Signer(NewKey, OldKey).Sign("reply", "enrollment-1");
        var at = token.IndexOf('.') + 1 + position;
        var tampered = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];

        Assert.True(Signer(NewKey, OldKey).TryVerify("reply", token, out _));
        Assert.False(Signer(NewKey, OldKey).TryVerify("reply", tampered, out _));
    }

    [Fact]
    public void Verify_TokenMadeBeforeKeyIds_WorksWithTheCurrentOrAPreviousKey()
    {
        var sentBefore = Unidentified("unsubscribe", "c1 email:ab");

        Assert.True(Signer(OldKey).TryVerify("unsubscribe", sentBefore, out var value));
        Assert.Equal("c1 email:ab", value);
        Assert.True(Signer(NewKey, OldKey).TryVerify("unsubscribe", sentBefore, out _));
        Assert.False(Signer(NewKey).TryVerify("unsubscribe", sentBefore, out _));
        Assert.False(Signer(OldKey).TryVerify("reply", sentBefore, out _));
    }

    [Fact]
    public void Signer_WithoutKey_StillSignsAndVerifiesWithinItsLife()
    {
        var signer = Signer(key: null);

        Assert.True(signer.TryVerify("unsubscribe", signer.Sign("unsubscribe", "ann@example.com"), out var value));
        Assert.Equal("ann@example.com", value);
    }
}
