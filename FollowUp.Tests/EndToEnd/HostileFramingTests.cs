using System.Net;
using System.Net.Http.Json;
using System.Text;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

/// <summary>Bodies whose HTTP framing is broken, sent raw over loopback to every route that reads a body the engine's way.</summary>
public sealed class HostileFramingTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "PUT", "/api/sequences/framing" },
        { "POST", "/api/enrollments" },
        { "POST", "/api/replies" },
        { "PUT", "/api/sources/framing" },
        { "POST", "/api/sources/{source}/deliveries" },
        { "POST", "/api/inbound/email" },
    };

    private async Task<string> PathAsync(string route)
    {
        if (!route.Contains("{source}", StringComparison.Ordinal))
        {
            return route;
        }

        var id = TestData.Id("framing");
        var on = new Dictionary<string, object> { ["lead.created"] = new { @event = "framing" } };
        (await local.Http.PutAsJsonAsync($"/api/sources/{id}", new { kind = "webhook", secretSetting = LocalAppFixture.WebhookSecretSetting, on })).EnsureSuccessStatusCode();
        return route.Replace("{source}", id, StringComparison.Ordinal);
    }

    private static void AssertRefusedAsProblem(HostileRawClient.Answer answer)
    {
        Assert.Equal((int)HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Body_InvalidChunkSize_Returns400Problem(string method, string route)
    {
        var head = $"{method} {await PathAsync(route)} HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked";

        var answer = await HostileRawClient.SendAsync(local.Http.BaseAddress!, head, Encoding.ASCII.GetBytes("zz\r\n{}\r\n0\r\n\r\n"));

        AssertRefusedAsProblem(answer);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Body_ShorterThanContentLength_Returns400Problem(string method, string route)
    {
        var head = $"{method} {await PathAsync(route)} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 100";

        var answer = await HostileRawClient.SendAsync(local.Http.BaseAddress!, head, Encoding.ASCII.GetBytes("""{"a":1}"""));

        AssertRefusedAsProblem(answer);
    }
}
