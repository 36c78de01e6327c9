using System.Net;
using System.Text;
using System.Text.Json;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

/// <summary>Bodies that claim to be <c>multipart/form-data</c> but are not, on the routes that read a form (Twilio's configured, so that they get that far).</summary>
public sealed class HostileMultipartTests : IAsyncLifetime
{
    private ConfiguredLocalApp app = null!;

    public async Task InitializeAsync() => app = await ConfiguredLocalApp.StartAsync(settings =>
    {
        settings["FollowUp:PublicBaseUrl"] = "https://followup.acme.example";
        settings["FollowUp:Twilio:AuthToken"] = "twilio-multipart-token";
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    public static TheoryData<string, string> Cases => new()
    {
        { "/api/inbound/email", "{\"sequenceId\":\"x\"}" },
        { "/api/inbound/email", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno closing boundary" },
        { "/api/twilio/status", "{\"sequenceId\":\"x\"}" },
        { "/api/twilio/status", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno closing boundary" },
        { "/api/inbound/twilio", "{\"sequenceId\":\"x\"}" },
        { "/api/inbound/twilio", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno closing boundary" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_MultipartBodyThatIsNotMultipart_Returns400ProblemNamingTheBody(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=x");

        var response = await app.Http.PostAsync(path, content);

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{(int)response.StatusCode} from {path}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), problem.RootElement.ToString());
    }
}
