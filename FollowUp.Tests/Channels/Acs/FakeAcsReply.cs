using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>A JSON answer with headers, as the fake ACS gives.</summary>
public sealed class FakeAcsReply(int status, object? body, (string Name, string Value)[] headers) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        if (body is not null)
        {
            httpContext.Response.ContentType = "application/json";
            await httpContext.Response.WriteAsync(JsonSerializer.Serialize(body));
        }
    }
}
