using System.Text;
using System.Text.Json;
using MimeKit;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>Reads a Postmark inbound webhook (JSON) into an <see cref="InboundEmail"/>.</summary>
/// <remarks>
/// Postmark posts <c>From</c>, <c>FromFull</c>, <c>To</c>, <c>ToFull</c>, <c>CcFull</c>, <c>BccFull</c>,
/// <c>OriginalRecipient</c>, <c>Subject</c>, <c>MessageID</c>, <c>TextBody</c>, <c>HtmlBody</c>,
/// <c>StrippedTextReply</c>, <c>Headers</c> (<c>[{Name, Value}]</c>) and <c>Attachments</c> (base64 <c>Content</c>);
/// fields this engine does not use are ignored, as Postmark adds fields over time. Postmark's SPF check is its
/// <c>Received-SPF</c> header (see <see cref="SenderAuthentication.ReceivedSpf"/>).
/// </remarks>
public static class PostmarkInboundParser
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Parses the JSON body.</summary>
    /// <exception cref="MalformedInboundEmailException">The body is not the JSON object Postmark sends, or names no sender.</exception>
    public static InboundEmail Parse(byte[] body)
    {
        Payload payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(body, Options) ?? throw new MalformedInboundEmailException("$", "A JSON object is required.");
        }
        catch (JsonException exception)
        {
            throw new MalformedInboundEmailException(string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "$" : exception.Path.TrimStart('$', '.'), "This field is not what Postmark sends.");
        }

        var from = payload.FromFull?.Email is { Length: > 0 } full ? full : InboundEmail.AddressesOf(payload.From).FirstOrDefault()
            ?? throw new MalformedInboundEmailException("FromFull", "The sender's address is required.");
        var headers = new HeaderList();
        for (var i = 0; i < (payload.Headers?.Count ?? 0); i++)
        {
            var header = payload.Headers![i];
            try
            {
                headers.Add(header.Name ?? "", header.Value ?? "");
            }
            catch (ArgumentException)
            {
                throw new MalformedInboundEmailException($"Headers[{i}].Name", "This is not a valid header name.");
            }
        }

        var recipients = new[] { payload.ToFull, payload.CcFull, payload.BccFull }.SelectMany(list => list ?? []).Select(r => r.Email ?? "")
            .Concat(InboundEmail.AddressesOf(payload.To))
            .Append(payload.OriginalRecipient ?? "");
        var attachments = payload.Attachments ?? [];
        var statusReports = attachments.Where(a => Is(a, "message/delivery-status")).Select(a => Encoding.UTF8.GetString(Decode(a))).ToList();
        var returned = attachments.Where(a => Is(a, "message/rfc822") || Is(a, "text/rfc822-headers"))
            .Select(a => HeaderList.Load(new MemoryStream(Decode(a)))).FirstOrDefault();
        var contentType = headers[HeaderId.ContentType] is { } type && ContentType.TryParse(type, out var parsed) ? parsed : null;
        return InboundEmail.Create(from, recipients, payload.Subject, payload.TextBody, headers, contentType, statusReports, returned)
            .WithAuthentication(SenderAuthentication.ReceivedSpf(headers, from));
    }

    private static bool Is(Attachment attachment, string mimeType) =>
        attachment.ContentType?.StartsWith(mimeType, StringComparison.OrdinalIgnoreCase) == true;

    private static byte[] Decode(Attachment attachment)
    {
        try
        {
            return Convert.FromBase64String(attachment.Content ?? "");
        }
        catch (FormatException)
        {
            throw new MalformedInboundEmailException("Attachments", "An attachment's Content is not base64.");
        }
    }

    private sealed record Payload(
        string? From, Address? FromFull, string? To, List<Address>? ToFull, List<Address>? CcFull, List<Address>? BccFull,
        string? OriginalRecipient, string? Subject, string? TextBody, List<Header>? Headers, List<Attachment>? Attachments);

    private sealed record Address(string? Email, string? Name);

    private sealed record Header(string? Name, string? Value);

    private sealed record Attachment(string? Name, string? Content, string? ContentType);
}
