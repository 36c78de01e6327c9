using System.Text;
using System.Text.Json;
using FollowUp.Engine.Inbound.Email;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using MimeKit;

namespace FollowUp.Tests.Inbound.Email;

/// <summary>How each inbound format's authentication results are read: only an aligned pass the receiving side wrote vouches for the sender.</summary>
public sealed class SenderAuthenticationTests
{
    private const string From = "ann@example.com";
    private const string AuthServId = "mx.acme.example";

    private static HeaderList Headers(params (string Name, string Value)[] headers)
    {
        var list = new HeaderList();
        foreach (var (name, value) in headers)
        {
            list.Add(name, value);
        }

        return list;
    }

    private static HeaderList RawHeaders(string block) => HeaderList.Load(new MemoryStream(Encoding.UTF8.GetBytes(block + "\r\n")));

    private static string PostmarkSpf(string result, string envelopeFrom, string identity = "mailfrom") =>
        $"{result} (sender SPF authorized) identity={identity}; client-ip=209.85.160.180; helo=mail-gy0-f180.google.com; envelope-from={envelopeFrom}; receiver=451d9b70cf9364d23ff6f9d51d870251569e+ahoy@inbound.postmarkapp.com";

    [Theory]
    [InlineData("pass", "{@gmail.com : pass}", "ann@example.com", "SendGrid SPF")]
    [InlineData("Pass", "none", "bounces+123@mail.example.com", "SendGrid SPF")]
    [InlineData("softfail", "{@example.com : pass}", "ann@example.com", "SendGrid dkim")]
    [InlineData("none", "{@sendgrid.net : pass, @example.com : pass}", null, "SendGrid dkim")]
    [InlineData("pass", "{@example.com : fail}", "bounce@attacker.example", null)]
    [InlineData("pass", "{@attacker.example : pass}", "bounce@attacker.example", null)]
    [InlineData("softfail", "none", "ann@example.com", null)]
    [InlineData("pass", null, null, null)]
    [InlineData("pass", "{@com : pass}", "x@com", null)]
    [InlineData("pass", "{@notexample.com : pass}", "x@notexample.com", null)]
    public void SendGrid_SpfForTheEnvelopeOrDkim_CountsOnlyWhenAlignedWithFrom(string? spf, string? dkim, string? envelopeFrom, string? expected) =>
        Assert.Equal(expected, SenderAuthentication.SendGrid(spf, dkim, envelopeFrom, From));

    [Fact]
    public void SendGridParser_DefaultAndRawMode_ReadTheVerdictFields()
    {
        var fields = InboundPayloads.SendGridFields(From, "replies@acme.example", "Hi");
        var form = new FormCollection(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value)));
        Assert.Equal("SendGrid SPF", SendGridInboundParser.Parse(form).AuthenticatedBy);

        var raw = new FormCollection(new Dictionary<string, StringValues>
        {
            ["email"] = InboundPayloads.RawReply(From, "replies@acme.example", "Hi"),
            ["envelope"] = "{\"to\":[\"replies@acme.example\"],\"from\":\"bounce@attacker.example\"}",
            ["SPF"] = "pass",
            ["dkim"] = "{@example.com : pass}",
        });
        Assert.Equal("SendGrid dkim", SendGridInboundParser.Parse(raw).AuthenticatedBy);

        fields["SPF"] = "fail";
        Assert.Null(SendGridInboundParser.Parse(new FormCollection(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value)))).AuthenticatedBy);
    }

    [Fact]
    public void ReceivedSpf_PostmarksPassForAnAlignedEnvelope_Vouches() =>
        Assert.Equal("Received-SPF", SenderAuthentication.ReceivedSpf(Headers(("X-Spam-Status", "No"), ("Received-SPF", PostmarkSpf("Pass", From))), From));

    [Theory]
    [InlineData("SoftFail", "ann@example.com", "mailfrom")]
    [InlineData("Pass", "bounce@attacker.example", "mailfrom")]
    [InlineData("Pass", "mail.example.com", "helo")]
    [InlineData("Neutral", "ann@example.com", "mailfrom")]
    public void ReceivedSpf_FailOrUnalignedOrHelo_DoesNotVouch(string result, string envelopeFrom, string identity) =>
        Assert.Null(SenderAuthentication.ReceivedSpf(Headers(("Received-SPF", PostmarkSpf(result, envelopeFrom, identity))), From));

    [Fact]
    public void ReceivedSpf_ForgedPassBesidePostmarksOwnFail_DoesNotVouch()
    {
        var headers = Headers(("Received-SPF", PostmarkSpf("Pass", From)), ("X-Spam-Tests", "DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU"), ("Received-SPF", PostmarkSpf("Fail", "bounce@attacker.example")));

        Assert.Null(SenderAuthentication.ReceivedSpf(headers, From));
        Assert.Null(SenderAuthentication.ReceivedSpf(Headers(("X-Spam-Tests", "DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU,SPF_PASS")), From));
    }

    [Fact]
    public void PostmarkParser_ReceivedSpfHeader_IsRead()
    {
        var payload = InboundPayloads.Postmark(From, "replies@acme.example", "Hi", ("Received-SPF", PostmarkSpf("Pass", From)));

        Assert.Equal("Received-SPF", PostmarkInboundParser.Parse(JsonSerializer.SerializeToUtf8Bytes(payload)).AuthenticatedBy);
        Assert.Null(PostmarkInboundParser.Parse(JsonSerializer.SerializeToUtf8Bytes(InboundPayloads.Postmark(From, "replies@acme.example", "Hi"))).AuthenticatedBy);
    }

    [Theory]
    [InlineData("Authentication-Results: mx.acme.example; dmarc=pass (p=NONE) header.from=example.com", "Authentication-Results dmarc")]
    [InlineData("Authentication-Results: mx.acme.example;\r\n\tdkim=pass header.i=@example.com header.s=s1 header.b=AbC;\r\n\tspf=fail smtp.mailfrom=x@other.example", "Authentication-Results dkim")]
    [InlineData("Authentication-Results: MX.ACME.EXAMPLE; dkim=pass header.d=mail.example.com", "Authentication-Results dkim")]
    [InlineData("Authentication-Results: mx.acme.example; spf=pass smtp.mailfrom=bounces@example.com; dmarc=none", "Authentication-Results spf")]
    [InlineData("Authentication-Results: mx.acme.example; dkim=pass header.d=attacker.example; spf=pass smtp.mailfrom=x@attacker.example; dmarc=fail header.from=example.com", null)]
    [InlineData("Authentication-Results: mx.acme.example; dmarc=pass header.from=attacker.example", null)]
    [InlineData("Authentication-Results: mx.acme.example; none", null)]
    [InlineData("Authentication-Results: mx.attacker.example; dmarc=pass header.from=example.com", null)]
    [InlineData("ARC-Authentication-Results: i=1; mx.acme.example; dmarc=pass header.from=example.com", null)]
    [InlineData("Authentication-Results: mx.acme.example; dmarc=pass header.from=example.com\r\nAuthentication-Results: mx.acme.example; dmarc=fail header.from=example.com", null)]
    [InlineData("Authentication-Results: mx.attacker.example; dmarc=fail\r\nAuthentication-Results: mx.acme.example; dmarc=pass header.from=example.com", "Authentication-Results dmarc")]
    public void AuthenticationResults_OnlyTheConfiguredServersAlignedPass_Vouches(string block, string? expected) =>
        Assert.Equal(expected, SenderAuthentication.AuthenticationResults(RawHeaders(block), From, AuthServId));

    [Fact]
    public void AuthenticationResults_WithoutTheSetting_AreNotRead() =>
        Assert.Null(SenderAuthentication.AuthenticationResults(RawHeaders("Authentication-Results: mx.acme.example; dmarc=pass header.from=example.com"), From, null));

    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("mail.example.com", "example.com", true)]
    [InlineData("example.com", "news.example.com", true)]
    [InlineData("EXAMPLE.com.", "example.COM", true)]
    [InlineData("badexample.com", "example.com", false)]
    [InlineData("com", "example.com", false)]
    [InlineData("a.example.com", "b.example.com", false)]
    [InlineData("", "example.com", false)]
    public void Aligned_SameDomainOrSubdomain(string domain, string fromDomain, bool aligned) =>
        Assert.Equal(aligned, SenderAuthentication.Aligned(domain, fromDomain));
}
