using System.Net;
using System.Net.Http.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Unsubscribe;

/// <summary>After the signing key is rotated, links already sent (signed with the previous key, or made before tokens carried a key id) still unsubscribe, as do new ones.</summary>
public sealed class UnsubscribeKeyRotationTests(RotatedKeyAppFixture app) : IClassFixture<RotatedKeyAppFixture>
{
    private async Task<string> ContactIdAsync(string email)
    {
        var sequenceId = TestData.Id("seq");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Test", true, SequenceJson.Email("thanks", "P1D")))).EnsureSuccessStatusCode();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email } }));
        return (await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{created.EnrollmentId}"))).ContactId;
    }

    private Task<bool> IsOptedOutAsync(string email) =>
        app.Services.GetRequiredService<OptOutStore>().IsOptedOutAsync(AddressKey.Email(email), CancellationToken.None);

    [Theory]
    [InlineData("signed with the new key", HttpStatusCode.OK)]
    [InlineData("signed with the previous key", HttpStatusCode.OK)]
    [InlineData("made before key ids", HttpStatusCode.OK)]
    [InlineData("signed with a key the app does not know", HttpStatusCode.BadRequest)]
    public async Task Post_LinkAfterARotation_UnsubscribesUnlessItsKeyIsUnknown(string link, HttpStatusCode expected)
    {
        var email = TestData.Email();
        var value = UnsubscribeTokens.Value(await ContactIdAsync(email), email);
        var token = link switch
        {
            "signed with the new key" => UnsubscribeTokens.Sign(value, key: RotatedKeyAppFixture.NewSigningKey),
            "signed with the previous key" => UnsubscribeTokens.Sign(value),
            "made before key ids" => UnsubscribeTokens.SignWithoutKeyId(value),
            _ => UnsubscribeTokens.Sign(value, key: UnsubscribeTokens.OtherKey),
        };

        var response = await app.Http.PostAsync($"/api/unsubscribe?t={Uri.EscapeDataString(token)}", null);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, await IsOptedOutAsync(email));
    }
}
