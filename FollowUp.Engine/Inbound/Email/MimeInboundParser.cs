using System.Text;
using MimeKit;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>Reads a raw RFC 5322 message (<c>message/rfc822</c>, or SendGrid's <c>email</c> field in raw mode) into an <see cref="InboundEmail"/>.</summary>
public static class MimeInboundParser
{
    /// <summary>Headers that name who a message was delivered to, added by the receiving server.</summary>
    private static readonly string[] DeliveryHeaders = ["Delivered-To", "X-Original-To", "Envelope-To"];

    /// <summary>Parses <paramref name="raw"/>; <paramref name="envelopeRecipients"/> are added to its recipients.</summary>
    /// <exception cref="MalformedInboundEmailException">The message cannot be read, or has no sender.</exception>
    public static InboundEmail Parse(Stream raw, string field, IEnumerable<string> envelopeRecipients)
    {
        MimeMessage message;
        try
        {
            message = MimeMessage.Load(raw);
        }
        catch (FormatException)
        {
            throw new MalformedInboundEmailException(field, "The message is not a readable RFC 5322 message.");
        }

        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? message.Sender?.Address
            ?? throw new MalformedInboundEmailException(field, "The message has no From address.");
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).Select(m => m.Address)
            .Concat(DeliveryHeaders.SelectMany(name => message.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)))
                .SelectMany(h => InboundEmail.AddressesOf(h.Value)))
            .Concat(envelopeRecipients);
        var statusReports = new List<string>();
        HeaderList? returned = null;
        Collect(message.Body, statusReports, ref returned);
        return InboundEmail.Create(from, recipients, message.Subject, message.TextBody, message.Headers, message.Body?.ContentType, statusReports, returned);
    }

    /// <summary>Finds the delivery-status parts and the returned message's headers in a report.</summary>
    private static void Collect(MimeEntity? entity, List<string> statusReports, ref HeaderList? returned)
    {
        switch (entity)
        {
            case Multipart multipart:
                foreach (var part in multipart)
                {
                    Collect(part, statusReports, ref returned);
                }

                break;
            case MessagePart { Message: { } inner }:
                returned ??= inner.Headers;
                break;
            case MimePart part when part.ContentType.IsMimeType("message", "delivery-status") || part.ContentType.IsMimeType("message", "global-delivery-status"):
                using (var decoded = new MemoryStream())
                {
                    part.Content?.DecodeTo(decoded);
                    statusReports.Add(Encoding.UTF8.GetString(decoded.ToArray()));
                }

                break;
        }
    }
}
