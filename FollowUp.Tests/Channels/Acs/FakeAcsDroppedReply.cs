using Microsoft.AspNetCore.Http;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>A lost answer: ends the request after <paramref name="delay"/>, then closes the connection without answering.</summary>
public sealed class FakeAcsDroppedReply(TimeSpan delay, Action end) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        end();
        httpContext.Abort();
    }
}
