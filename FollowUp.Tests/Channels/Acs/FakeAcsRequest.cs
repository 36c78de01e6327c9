using Microsoft.AspNetCore.Http;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>A repeatable send the fake ACS tracks: its first-sent time and body, and its answer once it ended.</summary>
public sealed class FakeAcsRequest(DateTimeOffset firstSent, string body)
{
    public DateTimeOffset FirstSent { get; } = firstSent;

    public string Body { get; } = body;

    /// <summary>The answer a repeat gets; null while the first request is in progress.</summary>
    public IResult? Answer { get; set; }
}
