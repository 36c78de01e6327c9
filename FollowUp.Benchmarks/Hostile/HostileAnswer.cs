namespace FollowUp.Benchmarks.Hostile;

/// <summary>How the host answered one hostile request.</summary>
/// <param name="Request">The request.</param>
/// <param name="Status">The status code, or 0 when no answer came (the connection was closed or timed out).</param>
/// <param name="MediaType">The answer's media type, or null when it had no Content-Type.</param>
/// <param name="BodyLength">The length of the answer's body in bytes.</param>
/// <param name="Error">Why no answer came, when <see cref="Status"/> is 0.</param>
internal sealed record HostileAnswer(HostileRequest Request, int Status, string? MediaType, long BodyLength, string? Error = null)
{
    /// <summary>The media type every refusal of the API has.</summary>
    public const string Problem = "application/problem+json";

    /// <summary>
    /// A refusal without a body: Kestrel's own answer to a request it could not parse, before any route ran. That includes
    /// 505 HTTP Version Not Supported, the status RFC 9110 gives an unknown major version; any other 5xx counts as one.
    /// </summary>
    public bool IsBareKestrelRefusal => Status is (>= 400 and < 500) or 505 && MediaType is null && BodyLength == 0;

    /// <summary>A 5xx that is not Kestrel's bare 505 to an unknown HTTP version.</summary>
    public bool IsServerError => Status >= 500 && !IsBareKestrelRefusal;

    /// <summary>A refusal of a link opened in a browser (unsubscribe, confirm), which answers with a page by design.</summary>
    public bool IsPageRefusal => Status is >= 400 and < 500 && MediaType == "text/html" && HostileCatalogue.IsPageRoute(Request.Path);
}
