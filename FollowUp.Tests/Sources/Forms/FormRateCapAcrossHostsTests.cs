using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using FollowUp.Local;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;

namespace FollowUp.Tests.Sources.Forms;

/// <summary>Two FollowUp.Local hosts over one Azurite, as two instances of the Functions app share one storage account.</summary>
public sealed class FormRateCapAcrossHostsTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private readonly TempFolder outbox = new();
    private readonly List<WebApplication> apps = [];
    private readonly List<HttpClient> hosts = [];

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        for (var i = 0; i < 2; i++)
        {
            var settings = LocalAppFixture.Settings(azurite, outbox);
            settings["FollowUp:Forms:PerClient:Count"] = "3";
            settings["FollowUp:Forms:PerClient:Window"] = "01:00:00";
            settings["FollowUp:Forms:PerSource:Count"] = "4";
            settings["FollowUp:Forms:PerSource:Window"] = "01:00:00";
            var (app, address) = await LocalHost.StartOnLoopbackAsync(settings, CancellationToken.None);
            apps.Add(app);
            hosts.Add(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address });
        }
    }

    public async Task DisposeAsync()
    {
        hosts.ForEach(host => host.Dispose());
        foreach (var app in apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await azurite.DisposeAsync();
        outbox.Dispose();
    }

    private async Task<string> FormSourceAsync()
    {
        var sequence = TestData.Id("seq");
        (await hosts[0].PutAsJsonAsync($"/api/sequences/{sequence}", SequenceJson.Sequence("Lead", true, SequenceJson.Email("thanks", "P1D")))).EnsureSuccessStatusCode();
        var source = TestData.Id("form");
        (await hosts[0].PutAsJsonAsync($"/api/sources/{source}", new { kind = "form", on = new { submit = new { enroll = sequence } } })).EnsureSuccessStatusCode();
        return source;
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient host, string source) =>
        host.PostAsync($"/api/sources/{source}/deliveries", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = TestData.Email() }));

    /// <summary>A client of <paramref name="host"/> whose connections come from <paramref name="from"/>, another loopback address.</summary>
    private static HttpClient ClientFrom(HttpClient host, string from) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = host.BaseAddress };

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Submit_BeyondTheClientCapOnEitherHost_Is429()
    {
        var source = await FormSourceAsync();

        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(hosts[0], source)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(hosts[1], source)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(hosts[0], source)).StatusCode);

        await AssertRefusedAsync(await SubmitAsync(hosts[1], source));
        await AssertRefusedAsync(await SubmitAsync(hosts[0], source));
    }

    [Fact]
    public async Task Submit_BeyondTheSourceCapFromManyClientsAcrossHosts_Is429()
    {
        var source = await FormSourceAsync();
        using var first = ClientFrom(hosts[0], "127.0.0.2");
        using var second = ClientFrom(hosts[1], "127.0.0.3");
        using var third = ClientFrom(hosts[0], "127.0.0.4");

        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(first, source)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(second, source)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(second, source)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(hosts[1], source)).StatusCode);

        await AssertRefusedAsync(await SubmitAsync(third, source));
        await AssertRefusedAsync(await SubmitAsync(first, source));
    }
}
