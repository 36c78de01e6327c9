using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>An inbound email as every inbound format is read into: sender, recipients, subject, text, headers, and what a delivery report says.</summary>
public sealed partial class InboundEmail
{
    private static readonly string[] DaemonSenders = ["mailer-daemon", "postmaster"];

    private InboundEmail(string from, IReadOnlyList<string> recipients, string subject, string? text, HeaderList headers, ContentType? contentType)
    {
        From = from;
        Recipients = recipients;
        Subject = subject;
        Text = text;
        Headers = headers;
        ContentType = contentType;
    }

    /// <summary>The sender's address, as given.</summary>
    public string From { get; }

    /// <summary>Every address the email was sent to: To, Cc, the SMTP envelope and the parse service's original recipient.</summary>
    public IReadOnlyList<string> Recipients { get; }

    /// <summary>The subject; empty when there is none.</summary>
    public string Subject { get; }

    /// <summary>The plain-text body, when there is one.</summary>
    public string? Text { get; }

    /// <summary>The email's headers, such as <c>In-Reply-To</c>, <c>References</c> and <c>Auto-Submitted</c>.</summary>
    public HeaderList Headers { get; }

    /// <summary>The top-level content type, when known (<c>multipart/report; report-type=delivery-status</c> for a bounce).</summary>
    public ContentType? ContentType { get; }

    /// <summary>The recipients a delivery status notification reports on; empty for any other email.</summary>
    public IReadOnlyList<ReportedRecipient> ReportedRecipients { get; private set; } = [];

    /// <summary>The headers of the message a delivery report returns, when it includes them.</summary>
    public HeaderList? ReturnedHeaders { get; private init; }

    /// <summary>The Message-IDs (without angle brackets) that <c>Message-ID:</c> or <c>Original-Message-ID:</c> lines of the report parts and the text name, as reports that quote the message in text do.</summary>
    public IReadOnlyList<string> ReportedMessageIds { get; private init; } = [];

    /// <summary>What the parse service said vouches for the sender's address (see <see cref="SenderAuthentication"/>), or null when it said nothing that does.</summary>
    public string? AuthenticatedBy { get; private set; }

    /// <summary>Whether this is a delivery status notification: a <c>multipart/report</c> of delivery status, or mail from <c>MAILER-DAEMON</c> or <c>postmaster</c>.</summary>
    public bool IsDeliveryReport =>
        ReportedRecipients.Count > 0
        || (ContentType is { } type && type.IsMimeType("multipart", "report")
            && string.Equals(type.Parameters["report-type"], "delivery-status", StringComparison.OrdinalIgnoreCase))
        || DaemonSenders.Contains(From.Split('@')[0], StringComparer.OrdinalIgnoreCase);

    /// <summary>The Message-IDs this email refers to (without angle brackets): <c>In-Reply-To</c>, <c>References</c>, and a returned message's own id.</summary>
    public IEnumerable<string> ReferencedMessageIds
    {
        get
        {
            var fields = new[] { Headers[HeaderId.InReplyTo], Headers[HeaderId.References], IsDeliveryReport ? ReturnedHeaders?[HeaderId.MessageId] : null };
            return fields.Where(value => !string.IsNullOrWhiteSpace(value)).SelectMany(value => MimeUtils.EnumerateReferences(value!)).Distinct(StringComparer.Ordinal);
        }
    }

    /// <summary>Builds an inbound email; the delivery report is read from its <c>message/delivery-status</c> parts, else from the text of a report.</summary>
    /// <param name="from">The sender's address.</param>
    /// <param name="recipients">Every recipient address.</param>
    /// <param name="subject">The subject, or null.</param>
    /// <param name="text">The plain-text body, or null.</param>
    /// <param name="headers">The headers.</param>
    /// <param name="contentType">The top-level content type, when known.</param>
    /// <param name="statusReports">The text of each <c>message/delivery-status</c> part.</param>
    /// <param name="returnedHeaders">The headers of a returned message (<c>message/rfc822</c> or <c>text/rfc822-headers</c> part).</param>
    public static InboundEmail Create(
        string from, IEnumerable<string> recipients, string? subject, string? text, HeaderList headers, ContentType? contentType,
        IEnumerable<string> statusReports, HeaderList? returnedHeaders)
    {
        var email = new InboundEmail(
            from,
            recipients.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            subject?.Trim() ?? "",
            text,
            headers,
            contentType)
        {
            ReturnedHeaders = returnedHeaders,
            ReportedRecipients = [.. statusReports.SelectMany(DeliveryStatusFields.Read)],
            ReportedMessageIds = [.. statusReports.Append(text ?? "").SelectMany(part => MessageIdLine().Matches(part)).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)],
        };
        if (email.ReportedRecipients.Count == 0 && email.IsDeliveryReport && text is not null)
        {
            email.ReportedRecipients = DeliveryStatusFields.Read(text);
        }

        return email;
    }

    /// <summary>Records what the parse service said vouches for the sender; returns this email.</summary>
    public InboundEmail WithAuthentication(string? authenticatedBy)
    {
        AuthenticatedBy = authenticatedBy;
        return this;
    }

    /// <summary>The addresses of an address-list header value (<c>"Ann" &lt;ann@example.com&gt;, bob@example.com</c>); empty when it cannot be read.</summary>
    public static IEnumerable<string> AddressesOf(string? addressList) =>
        addressList is not null && InternetAddressList.TryParse(addressList, out var list) ? list.Mailboxes.Select(m => m.Address) : [];

    [GeneratedRegex(@"^[ \t]*(?:x-)?(?:original-)?message-id[ \t]*:[ \t]*<([^<>\s]+)>", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdLine();
}
