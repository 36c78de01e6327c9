using FollowUp.Engine;
using FollowUp.Engine.Channels.Twilio;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Channels.Twilio;

/// <summary>Requests Twilio's library addresses to <c>api.twilio.com</c> reach <c>FollowUp:Twilio:BaseUrl</c>.</summary>
public sealed class TwilioBaseUrlHandlerTests
{
    private const string ListPath = "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json?To=%2B447911123456&PageSize=100";

    private static HttpClient Client(Uri baseUrl, HttpMessageHandler inner) =>
        new(new TwilioBaseUrlHandler(Options.Create(new FollowUpOptions { Twilio = { BaseUrl = baseUrl } })) { InnerHandler = inner });

    [Fact]
    public async Task Send_ToApiTwilioCom_ReachesTheBaseUrlWithPathAndQueryIntact()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        server.Handler = _ => Results.Ok();
        using var client = Client(server.BaseUrl, new SocketsHttpHandler());

        using var response = await client.GetAsync("https://api.twilio.com" + ListPath);

        response.EnsureSuccessStatusCode();
        Assert.Equal(ListPath, Assert.Single(server.Requests).PathAndQuery);
    }

    [Theory]
    [InlineData("https://api.twilio.com", "https://api.twilio.com" + ListPath)]
    [InlineData("http://127.0.0.1:9", "https://contoso.communication.azure.com/emails:send?api-version=2023-03-31")]
    public async Task Send_DefaultBaseUrlOrAnotherHost_LeavesTheAddressAlone(string baseUrl, string url)
    {
        var inner = new Recorder();
        using var client = Client(new Uri(baseUrl), inner);

        await client.GetAsync(url);

        Assert.Equal(new Uri(url), inner.RequestUri);
    }

    /// <summary>Stands for the network: records where a request would go.</summary>
    private sealed class Recorder : HttpMessageHandler
    {
        public Uri? RequestUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RequestUri = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
        }
    }
}
