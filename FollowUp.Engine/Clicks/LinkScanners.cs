namespace FollowUp.Engine.Clicks;

/// <summary>Tells the requests of email security scanners and link previewers from people's clicks, by the request alone.</summary>
/// <remarks>
/// A request is a scanner's when it is a <c>HEAD</c> (browsers follow links with <c>GET</c>), when it has no
/// <c>User-Agent</c> (every browser sends one), or when its <c>User-Agent</c> contains one of <see cref="UserAgents"/>.
/// Scanners that pose as browsers are caught by the other rule, in <see cref="ClickRecorder"/>: another link of the same
/// email followed less than a second earlier.
/// </remarks>
public static class LinkScanners
{
    /// <summary>Parts of the <c>User-Agent</c> of known scanners, previewers and HTTP libraries, matched ignoring case.</summary>
    public static readonly IReadOnlyList<string> UserAgents =
    [
        "Barracuda",
        "Proofpoint",
        "Mimecast",
        "MessageLabs",
        "Microsoft Office Existence Discovery",
        "SkypeUriPreview",
        "BingPreview",
        "Slackbot-LinkExpanding",
        "facebookexternalhit",
        "HeadlessChrome",
        "python-requests",
        "Go-http-client",
        "curl/",
        "Wget/",
    ];

    /// <summary>Why the request is a scanner's, or null when it may be a person's.</summary>
    public static string? Recognise(string method, string? userAgent)
    {
        if (string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase))
        {
            return "a HEAD request";
        }

        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "no User-Agent";
        }

        return UserAgents.FirstOrDefault(agent => userAgent.Contains(agent, StringComparison.OrdinalIgnoreCase)) is { } known
            ? $"a scanner's User-Agent ({known})"
            : null;
    }
}
