using System.Net;
using FollowUp.Local.Keys;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Local;

public sealed class ApiKeyTests
{
    private const string Key = "local-api-key-0123456789";

    private static int? StatusOf(string? key, string remote, string? header = null, string? code = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (header is not null)
        {
            context.Request.Headers[ApiKeyFilter.Header] = header;
        }

        if (code is not null)
        {
            context.Request.QueryString = QueryString.Create(ApiKeyFilter.QueryParameter, code);
        }

        var refusal = new ApiKeyFilter(Options.Create(new ApiKeyOptions { ApiKey = key })).Check(context);
        return refusal is null ? null : Assert.IsAssignableFrom<IStatusCodeHttpResult>(refusal).StatusCode;
    }

    [Theory]
    [InlineData(null, "127.0.0.1", null, null, null)]
    [InlineData(null, "::1", null, null, null)]
    [InlineData(null, "10.0.0.7", null, null, 403)]
    [InlineData(null, "10.0.0.7", Key, null, 403)]
    [InlineData(Key, "10.0.0.7", Key, null, null)]
    [InlineData(Key, "10.0.0.7", null, Key, null)]
    [InlineData(Key, "127.0.0.1", null, null, 401)]
    [InlineData(Key, "10.0.0.7", "wrong", null, 401)]
    [InlineData(Key, "10.0.0.7", null, "local-api-key-012345678", 401)]
    public void Check_AsksForTheKeyOrLoopback(string? key, string remote, string? header, string? code, int? expected) =>
        Assert.Equal(expected, StatusOf(key, remote, header, code));

    [Fact]
    public async Task LocalHost_WithApiKey_GuardsKeyedRoutesOnly()
    {
        await using var local = await ConfiguredLocalApp.StartAsync(settings => settings["FollowUp:ApiKey"] = Key);
        var http = local.Http;

        var withoutKey = await http.GetAsync("/api/sequences/welcome");
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal("application/problem+json", withoutKey.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(Key, await withoutKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/sequences/welcome?code={Key}")).StatusCode);
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        keyed.Headers.Add(ApiKeyFilter.Header, Key);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(keyed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/health")).StatusCode);
    }
}
