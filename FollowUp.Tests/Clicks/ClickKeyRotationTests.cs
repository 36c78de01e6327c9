using System.Net;
using FollowUp.Engine.Clicks;
using FollowUp.Tests.Fixtures;
using FollowUp.Tests.Unsubscribe;

namespace FollowUp.Tests.Clicks;

/// <summary>After the signing key is rotated, tracked links already sent (signed with the previous key) still redirect, and links signed with an unknown key do not.</summary>
public sealed class ClickKeyRotationTests(RotatedKeyAppFixture app) : IClassFixture<RotatedKeyAppFixture>
{
    [Theory]
    [InlineData("signed with the new key", HttpStatusCode.Found)]
    [InlineData("signed with the previous key", HttpStatusCode.Found)]
    [InlineData("signed with a key the app does not know", HttpStatusCode.NotFound)]
    public async Task FollowLink_AfterARotation_RedirectsUnlessItsKeyIsUnknown(string link, HttpStatusCode expected)
    {
        const string Value = "abcdefghijkl-0123456789 offer h1 https://shop.example/sale";
        var token = link switch
        {
            "signed with the new key" => UnsubscribeTokens.Sign(Value, ClickLinks.Purpose, RotatedKeyAppFixture.NewSigningKey),
            "signed with the previous key" => UnsubscribeTokens.Sign(Value, ClickLinks.Purpose),
            _ => UnsubscribeTokens.Sign(Value, ClickLinks.Purpose, UnsubscribeTokens.OtherKey),
        };
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Http.BaseAddress };

        var response = await http.GetAsync($"/api/r/{token}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Found ? new Uri("https://shop.example/sale") : null, response.Headers.Location);
    }
}
