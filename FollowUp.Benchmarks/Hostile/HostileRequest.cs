namespace FollowUp.Benchmarks.Hostile;

/// <summary>One hostile request: sent through <see cref="HttpClient"/> unless <see cref="RawHead"/> is set, then hand-framed over a socket.</summary>
/// <param name="Group">The route group it is counted under.</param>
/// <param name="Case">What is hostile about it, for the report of a failed check.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query, already escaped as it goes on the wire.</param>
/// <param name="Body">The body, or null for none.</param>
/// <param name="ContentType">The Content-Type header sent with the body, or null for none.</param>
/// <param name="Key">The API key sent in <c>x-functions-key</c>, or null for none.</param>
/// <param name="Headers">Other headers, sent without validation.</param>
/// <param name="RawHead">For broken framing: the request line and headers (without Host and the blank line), sent with <see cref="Body"/> as given.</param>
internal sealed record HostileRequest(
    string Group,
    string Case,
    string Method,
    string Path,
    byte[]? Body = null,
    string? ContentType = null,
    string? Key = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? RawHead = null);
