using FollowUp.Engine.Clicks;

namespace FollowUp.Tests.Clicks;

/// <summary>Which requests on a tracked link are taken for a link scanner's by the request alone.</summary>
public sealed class LinkScannersTests
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    [Theory]
    [InlineData("HEAD", Chrome, "a HEAD request")]
    [InlineData("GET", "", "no User-Agent")]
    [InlineData("GET", null, "no User-Agent")]
    [InlineData("GET", "Barracuda Sentinel (EE)", "a scanner's User-Agent (Barracuda)")]
    [InlineData("GET", "Microsoft Office Existence Discovery", "a scanner's User-Agent (Microsoft Office Existence Discovery)")]
    [InlineData("GET", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "a scanner's User-Agent (Slackbot-LinkExpanding)")]
    [InlineData("GET", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/129.0.0.0 Safari/537.36", "a scanner's User-Agent (HeadlessChrome)")]
    [InlineData("GET", "python-requests/2.32.3", "a scanner's User-Agent (python-requests)")]
    public void Recognise_ScannerRequest_SaysWhy(string method, string? userAgent, string reason) =>
        Assert.Equal(reason, LinkScanners.Recognise(method, userAgent));

    [Theory]
    [InlineData("GET", Chrome)]
    [InlineData("get", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")]
    [InlineData("GET", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")]
    public void Recognise_BrowserGet_IsNotAScanner(string method, string userAgent) =>
        Assert.Null(LinkScanners.Recognise(method, userAgent));
}
