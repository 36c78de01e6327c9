using FollowUp.Engine;
using FollowUp.Engine.Signing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Signing;

public sealed class TokenSignerTests
{
    private static TokenSigner Signer(string? key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=") =>
        new(Options.Create(new FollowUpOptions { SigningKey = key }), NullLogger<TokenSigner>.Instance);

    [Fact]
    public void Sign_ThenVerify_GivesTheValueBack_AndTheTokenIsUrlSafe()
    {
        var token = Signer().Sign("reply", "abcdefghjkmn-0123456789");

        Assert.True(Signer().TryVerify("reply", token, out var value));
        Assert.Equal("abcdefghjkmn-0123456789", value);
        Assert.Matches("^[A-Za-z0-9_.-]+$", token);
    }

    [Fact]
    public void Verify_ForgedValueOtherPurposeOrOtherKey_Fails()
    {
        var token = Signer().Sign("reply", "enrollment-1");
        var forged = Signer().Sign("reply", "enrollment-2").Split('.')[0] + "." + token.Split('.')[1];

        Assert.False(Signer().TryVerify("reply", forged, out _));
        Assert.False(Signer().TryVerify("unsubscribe", token, out _));
        Assert.False(Signer("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=").TryVerify("reply", token, out _));
        Assert.False(Signer().TryVerify("reply", "no-dot", out _));
        Assert.False(Signer().TryVerify("reply", null, out _));
    }

    [Fact]
    public void Signer_WithoutKey_StillSignsAndVerifiesWithinItsLife()
    {
        var signer = Signer(key: null);

        Assert.True(signer.TryVerify("unsubscribe", signer.Sign("unsubscribe", "ann@example.com"), out var value));
        Assert.Equal("ann@example.com", value);
    }
}
