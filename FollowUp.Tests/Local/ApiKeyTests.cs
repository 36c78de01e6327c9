using System.Net;
using FollowUp.Local;
using FollowUp.Local.Keys;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
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

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("Forwarded", "for=203.0.113.9")]
    [InlineData("X-Real-IP", "203.0.113.9")]
    [InlineData("X-Forwarded-Host", "followup.acme.example")]
    public void Check_WithoutKey_LoopbackRequestPassedOnByAProxy_IsForbidden(string header, string value)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Headers[header] = value;

        var refusal = new ApiKeyFilter(Options.Create(new ApiKeyOptions())).Check(context);

        Assert.Equal(403, Assert.IsAssignableFrom<IStatusCodeHttpResult>(refusal).StatusCode);
    }

    [Theory]
    [InlineData("http://localhost:7071", true)]
    [InlineData("http://127.0.0.1:51234", true)]
    [InlineData("http://[::1]:7071", true)]
    [InlineData("https://LOCALHOST:7443", true)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://0.0.0.0:7071", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://10.0.0.7:7071", false)]
    [InlineData("http://unix:/run/followup.sock", false)]
    public void IsLoopback_ListeningAddress(string address, bool loopback) =>
        Assert.Equal(loopback, ListeningAddressCheck.IsLoopback(address));

    [Fact]
    public async Task LocalHost_ListeningBeyondLoopbackWithoutKey_DoesNotStart_AndStartsWithOne()
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        using var outbox = new TempFolder();
        var settings = LocalAppFixture.Settings(azurite, outbox);

        await using (var open = LocalHost.Build(["--urls", "http://0.0.0.0:0"], builder => builder.Configuration.AddInMemoryCollection(settings)))
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => open.StartAsync());
            Assert.Contains("FollowUp:ApiKey is not set", refused.Message, StringComparison.Ordinal);
            Assert.False(open.Lifetime.ApplicationStarted.IsCancellationRequested);
        }

        settings["FollowUp:ApiKey"] = Key;
        await using var keyed = LocalHost.Build(["--urls", "http://0.0.0.0:0"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await keyed.StartAsync();
        Assert.True(keyed.Lifetime.ApplicationStarted.IsCancellationRequested);
        await keyed.StopAsync();
    }

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
