using System.Globalization;
using System.Security.Cryptography;

namespace FollowUp.Engine.Channels.Acs;

/// <summary>The headers that make an ACS send a repeatable request (OASIS Repeatable Requests 1.0, as ACS implements it).</summary>
/// <remarks>
/// ACS remembers a request by its <c>Repeatability-Request-Id</c> for 5 minutes after its <c>Repeatability-First-Sent</c>:
/// a repeat answers 409 while the first is in progress, the first's answer once it ended (a 5xx is run again), 400 when
/// the repeat differs from the first, and 412 once the first-sent time is past the window. The request id is therefore
/// derived from the send, its first-sent time and its body: every retry of one attempt carries the same id, while a new
/// attempt (after a 429, or past the window) or a body rendered differently is a new request rather than a refused one.
/// </remarks>
internal static class AcsRepeatability
{
    /// <summary>The request-id header.</summary>
    public const string RequestIdHeader = "Repeatability-Request-Id";

    /// <summary>The first-sent header, an IMF-fixdate.</summary>
    public const string FirstSentHeader = "Repeatability-First-Sent";

    private const string Purpose = "followup:acs-email-request";

    /// <summary>Adds both headers to <paramref name="request"/>, a send of <paramref name="key"/> first attempted at <paramref name="firstSent"/>.</summary>
    public static void Add(HttpRequestMessage request, SendKey key, DateTimeOffset firstSent, ReadOnlySpan<byte> body)
    {
        var date = firstSent.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
        var bodyHash = Convert.ToHexString(SHA256.HashData(body));
        request.Headers.Add(RequestIdHeader, AcsOperationId.Derive($"{Purpose}\n{key.EnrollmentId}\n{key.StepId}\n{date}\n{bodyHash}"));
        request.Headers.Add(FirstSentHeader, date);
    }
}
