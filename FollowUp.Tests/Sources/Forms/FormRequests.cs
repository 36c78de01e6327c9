using System.Net;
using System.Text;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Tests.Builders;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Sources.Forms;

/// <summary>Form sources, the requests browsers send them, and what an answer writes.</summary>
internal static class FormRequests
{
    public const string UrlEncoded = "application/x-www-form-urlencoded";

    public const string ClientAddress = "203.0.113.7";

    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    /// <summary>A form source with its own id, so that rate caps of different tests never meet.</summary>
    public static Source Source(FormSettings? settings = null) => new(
        TestData.Id("form"),
        SourceKind.Form,
        null,
        new Dictionary<string, SourceAction> { [FormReceiver.Trigger] = new("welcome", null) },
        settings ?? FormReceiver.DefaultSettings,
        DateTimeOffset.UnixEpoch);

    /// <summary>A POST from <paramref name="client"/>, with an <c>Origin</c> header when given.</summary>
    public static HttpRequest Post(string contentType, string body, string client = ClientAddress, string? origin = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Connection.RemoteIpAddress = IPAddress.Parse(client);
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        return context.Request;
    }

    /// <summary>An <c>OPTIONS</c> preflight from <paramref name="origin"/> for a POST.</summary>
    public static HttpRequest Preflight(string origin)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = HttpMethods.Options;
        context.Request.Headers.Origin = origin;
        context.Request.Headers.AccessControlRequestMethod = HttpMethods.Post;
        context.Request.Headers.AccessControlRequestHeaders = "content-type";
        return context.Request;
    }

    /// <summary>Lets <paramref name="receiver"/> read <paramref name="request"/> with the body it carries.</summary>
    public static async Task<ReceivedDelivery> ReceiveAsync(this FormReceiver receiver, HttpRequest request, Source source)
    {
        var body = ((MemoryStream)request.Body).ToArray();
        return await receiver.ReceiveAsync(request, body, source, null, CancellationToken.None);
    }

    /// <summary>Writes <paramref name="result"/> as the answer to <paramref name="request"/>; returns the status, the headers and the body.</summary>
    public static async Task<(int Status, IHeaderDictionary Headers, string Body)> ExecuteAsync(IResult result, HttpRequest request)
    {
        var response = request.HttpContext.Response;
        using var body = new MemoryStream();
        response.Body = body;
        await result.ExecuteAsync(request.HttpContext);
        return (response.StatusCode, response.Headers, Encoding.UTF8.GetString(body.ToArray()));
    }
}
