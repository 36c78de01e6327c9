using System.Text;
using System.Text.Json;
using FollowUp.Engine.Inbound.Email;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace FollowUp.Tests.Inbound.Email;

public sealed class InboundParserTests
{
    private static FormCollection Form(Dictionary<string, string> fields) =>
        new(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value)));

    [Fact]
    public void SendGrid_DefaultFields_AreRead()
    {
        var email = SendGridInboundParser.Parse(Form(InboundPayloads.SendGridFields(
            "ann@example.com", "replies+tok@acme.example", "Re: Your order", "In-Reply-To: <abc.first@acme.example>\nReferences: <x@y> <abc.first@acme.example>\n")));

        Assert.Equal("ann@example.com", email.From);
        Assert.Equal(["replies+tok@acme.example"], email.Recipients);
        Assert.Equal("Re: Your order", email.Subject);
        Assert.Equal("Yes please, send me the details.\n", email.Text);
        Assert.Equal(["abc.first@acme.example", "x@y"], email.ReferencedMessageIds);
        Assert.False(email.IsDeliveryReport);
    }

    [Fact]
    public void SendGrid_RawMode_ReadsTheEmailFieldAndTheEnvelope()
    {
        var email = SendGridInboundParser.Parse(Form(new()
        {
            ["email"] = InboundPayloads.RawReply("ann@example.com", "Acme <replies@acme.example>", "Re: Hi", "In-Reply-To: <abc.first@acme.example>\r\n"),
            ["envelope"] = "{\"to\":[\"replies+tok@acme.example\"],\"from\":\"ann@example.com\"}",
            ["to"] = "Acme <replies@acme.example>",
        }));

        Assert.Equal("ann@example.com", email.From);
        Assert.Equal(["replies@acme.example", "replies+tok@acme.example"], email.Recipients);
        Assert.Equal(["abc.first@acme.example"], email.ReferencedMessageIds);
    }

    [Theory]
    [InlineData("from", "", "from")]
    [InlineData("envelope", "{not json", "envelope")]
    public void SendGrid_BadField_IsNamed(string field, string value, string named)
    {
        var fields = InboundPayloads.SendGridFields("ann@example.com", "replies@acme.example", "Hi");
        fields[field] = value;

        Assert.Equal(named, Assert.Throws<MalformedInboundEmailException>(() => SendGridInboundParser.Parse(Form(fields))).Field);
    }

    [Fact]
    public void Postmark_DocumentedExample_IsRead()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(InboundPayloads.Postmark("support@postmarkapp.com", "yourhash+SampleHash@inbound.postmarkapp.com", "Test subject", ("X-Autoreply", "yes")));

        var email = PostmarkInboundParser.Parse(body);

        Assert.Equal("support@postmarkapp.com", email.From);
        Assert.Equal(["yourhash+SampleHash@inbound.postmarkapp.com", "firstcc@postmarkapp.com"], email.Recipients);
        Assert.Equal("Test subject", email.Subject);
        Assert.Equal("yes", email.Headers["X-Autoreply"]);
        Assert.NotNull(AutoReplyDetector.Reason(email));
    }

    [Theory]
    [InlineData("{\"Subject\":\"no sender\"}", "FromFull")]
    [InlineData("{\"FromFull\":{\"Email\":\"ann@example.com\"},\"ToFull\":\"not a list\"}", "ToFull")]
    [InlineData("[1,2]", "$")]
    [InlineData("{\"FromFull\":{\"Email\":\"ann@example.com\"},\"Headers\":[{\"Name\":\"Bad Name:\",\"Value\":\"x\"}]}", "Headers[0].Name")]
    public void Postmark_BadBody_NamesTheField(string json, string field) =>
        Assert.Equal(field, Assert.Throws<MalformedInboundEmailException>(() => PostmarkInboundParser.Parse(Encoding.UTF8.GetBytes(json))).Field);

    [Fact]
    public void Mime_Bounce_ReadsTheReportAndTheReturnedMessage()
    {
        var email = MimeInboundParser.Parse(new MemoryStream(Encoding.ASCII.GetBytes(InboundPayloads.RawBounce("gone@example.com", "abc.first@acme.example"))), "$", []);

        Assert.True(email.IsDeliveryReport);
        var reported = Assert.Single(email.ReportedRecipients);
        Assert.Equal(("gone@example.com", true, "5.1.1"), (reported.Address, reported.Failed, reported.Status));
        Assert.Contains("does not exist", reported.Diagnostic, StringComparison.Ordinal);
        Assert.Equal(["abc.first@acme.example"], email.ReferencedMessageIds);
    }

    [Fact]
    public void Mime_DelayNotice_ReportsNoFailure()
    {
        var email = MimeInboundParser.Parse(new MemoryStream(Encoding.ASCII.GetBytes(InboundPayloads.RawBounce("slow@example.com", "abc.first@acme.example", action: "delayed"))), "$", []);

        Assert.True(email.IsDeliveryReport);
        Assert.False(Assert.Single(email.ReportedRecipients).Failed);
    }

    [Fact]
    public void DeliveryStatusFields_InTextBody_AreReadWhenTheSenderIsTheMailerDaemon()
    {
        var email = InboundEmail.Create(
            "MAILER-DAEMON@mx.example.com", ["followup@acme.example"], "Delivery Status Notification (Failure)",
            "Delivery to the following recipient failed.\n\nFinal-Recipient: rfc822; Gone@Example.com\nAction: failed\nStatus: 5.0.0\n",
            [], null, [], null);

        Assert.Equal("Gone@Example.com", Assert.Single(email.ReportedRecipients, r => r.Failed).Address);
    }
}
