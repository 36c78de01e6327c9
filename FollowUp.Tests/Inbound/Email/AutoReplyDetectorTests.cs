using FollowUp.Engine.Inbound.Email;
using MimeKit;

namespace FollowUp.Tests.Inbound.Email;

public sealed class AutoReplyDetectorTests
{
    private static InboundEmail Email(string subject, params (string Name, string Value)[] headers)
    {
        var list = new HeaderList();
        foreach (var (name, value) in headers)
        {
            list.Add(name, value);
        }

        return InboundEmail.Create("ann@example.com", ["replies@acme.example"], subject, "text", list, null, [], null);
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("Auto-Submitted", "auto-generated")]
    [InlineData("Auto-Submitted", "auto-notified; owner-email=\"x@example.com\"")]
    [InlineData("X-Autoreply", "yes")]
    [InlineData("X-Autorespond", "Out of office")]
    [InlineData("Precedence", "auto_reply")]
    [InlineData("Precedence", "bulk")]
    [InlineData("Precedence", "junk")]
    public void Reason_AutomaticHeader_IsAutomatic(string name, string value) =>
        Assert.NotNull(AutoReplyDetector.Reason(Email("Re: Your order", (name, value))));

    [Theory]
    [InlineData("Out of Office: Re: Your order")]
    [InlineData("Automatic reply: Your order")]
    [InlineData("Auto: Your order")]
    [InlineData("Autoreply: Your order")]
    [InlineData("AutoReply - away until Monday")]
    [InlineData("Abwesenheitsnotiz: Ihre Bestellung")]
    [InlineData("Réponse automatique : Votre commande")]
    [InlineData("Respuesta automática: Su pedido")]
    [InlineData("[Out of office] Your order")]
    public void Reason_AutomaticSubject_IsAutomatic(string subject) => Assert.NotNull(AutoReplyDetector.Reason(Email(subject)));

    [Theory]
    [InlineData("Re: Your order", "Auto-Submitted", "no")]
    [InlineData("Re: Your order", "Precedence", "list")]
    [InlineData("Re: I'll be out of office next week, can we talk now?", "X-Mailer", "Outlook")]
    [InlineData("Re: Automatic reply settings question", "X-Mailer", "Outlook")]
    public void Reason_PersonsReply_IsNull(string subject, string name, string value) =>
        Assert.Null(AutoReplyDetector.Reason(Email(subject, (name, value))));
}
