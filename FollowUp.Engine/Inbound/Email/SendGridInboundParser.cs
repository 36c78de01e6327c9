using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MimeKit;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>Reads a SendGrid Inbound Parse post (<c>multipart/form-data</c>) into an <see cref="InboundEmail"/>, in its default or its raw mode.</summary>
/// <remarks>
/// Default mode posts the fields <c>headers</c> (the raw header block), <c>from</c>, <c>to</c>, <c>cc</c>, <c>subject</c>,
/// <c>text</c>, <c>html</c>, <c>envelope</c> (JSON: <c>to</c> array, <c>from</c>) and attachments as files; raw mode
/// ("POST the raw, full MIME message") posts the whole message in <c>email</c> instead of the parsed fields. Both
/// modes post SendGrid's own <c>SPF</c> and <c>dkim</c> verdicts (see <see cref="SenderAuthentication.SendGrid"/>).
/// </remarks>
public static class SendGridInboundParser
{
    /// <summary>Parses the form.</summary>
    /// <exception cref="MalformedInboundEmailException">A required field is missing or unreadable.</exception>
    public static InboundEmail Parse(IFormCollection form)
    {
        var (envelope, envelopeFrom) = Envelope(form["envelope"].FirstOrDefault());
        if (form["email"].FirstOrDefault() is { Length: > 0 } raw)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));
            var message = MimeInboundParser.Parse(stream, "email", envelope);
            return message.WithAuthentication(Authentication(form, envelopeFrom, message.From));
        }

        var from = InboundEmail.AddressesOf(form["from"].FirstOrDefault()).FirstOrDefault()
            ?? throw new MalformedInboundEmailException("from", "The sender's address is required.");
        var headers = Headers(form["headers"].FirstOrDefault());
        var contentType = headers[HeaderId.ContentType] is { } type && ContentType.TryParse(type, out var parsed) ? parsed : null;
        var statusReports = new List<string>();
        HeaderList? returned = null;
        foreach (var file in form.Files)
        {
            if (file.ContentType.StartsWith("message/delivery-status", StringComparison.OrdinalIgnoreCase))
            {
                using var reader = new StreamReader(file.OpenReadStream());
                statusReports.Add(reader.ReadToEnd());
            }
            else if (returned is null && (file.ContentType.StartsWith("message/rfc822", StringComparison.OrdinalIgnoreCase)
                || file.ContentType.StartsWith("text/rfc822-headers", StringComparison.OrdinalIgnoreCase)))
            {
                using var stream = file.OpenReadStream();
                returned = HeaderList.Load(stream);
            }
        }

        var recipients = InboundEmail.AddressesOf(form["to"].FirstOrDefault()).Concat(InboundEmail.AddressesOf(form["cc"].FirstOrDefault())).Concat(envelope);
        return InboundEmail.Create(from, recipients, form["subject"].FirstOrDefault(), form["text"].FirstOrDefault(), headers, contentType, statusReports, returned)
            .WithAuthentication(Authentication(form, envelopeFrom, from));
    }

    private static string? Authentication(IFormCollection form, string? envelopeFrom, string from) =>
        SenderAuthentication.SendGrid(form["SPF"].FirstOrDefault(), form["dkim"].FirstOrDefault(), envelopeFrom, from);

    private static HeaderList Headers(string? block)
    {
        if (string.IsNullOrWhiteSpace(block))
        {
            return [];
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(block.TrimEnd() + "\r\n\r\n"));
        try
        {
            return HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            throw new MalformedInboundEmailException("headers", "The header block cannot be read.");
        }
    }

    /// <summary>The SMTP envelope's recipients and sender (the return path).</summary>
    private static (IReadOnlyList<string> To, string? From) Envelope(string? envelope)
    {
        if (string.IsNullOrWhiteSpace(envelope))
        {
            return ([], null);
        }

        try
        {
            using var json = JsonDocument.Parse(envelope);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ([], null);
            }

            var recipients = json.RootElement.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array
                ? to.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList()
                : [];
            var from = json.RootElement.TryGetProperty("from", out var sender) && sender.ValueKind == JsonValueKind.String ? sender.GetString() : null;
            return (recipients, from);
        }
        catch (JsonException)
        {
            throw new MalformedInboundEmailException("envelope", "The envelope is not valid JSON.");
        }
    }
}
