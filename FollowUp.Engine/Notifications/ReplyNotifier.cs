using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Sequences;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FollowUp.Engine.Notifications;

/// <summary>Hands the business what needs a person: every real reply, unmatched inbound mail, and (when turned on) conversions and opt-outs.</summary>
/// <remarks>
/// Each notification is stored first, under an id made from the inbound message's identity (its Message-ID, else a
/// hash of its headers and text; a Twilio <c>MessageSid</c>), and sent after. A redelivered webhook finds the stored
/// row and sends nothing new; a crash between storing and sending leaves the row pending, and it is sent by the
/// webhook's retry (email is acted on again when redelivered) or by <see cref="NotificationSender.SendPendingAsync"/>,
/// which the notification timer runs every minute (a texted reply is not acted on again when redelivered, so the timer
/// is what finishes it). The claims of <see cref="NotificationSender"/> make either path send each part once.
/// A failure to send never fails the inbound request: the row is stored, and the timer retries.
/// </remarks>
public sealed class ReplyNotifier(
    NotificationStore store,
    NotificationSender sender,
    ContactStore contacts,
    EnrollmentStore enrollments,
    SequenceStore sequences,
    IOptions<FollowUpOptions> options,
    TimeProvider time,
    ILogger<ReplyNotifier> logger)
{
    /// <summary>The largest original message attached; a larger one is attached as its headers and the start of its text.</summary>
    public const int MaxOriginalBytes = 200 * 1024;

    /// <summary>How many characters of what the person wrote the notification quotes.</summary>
    public const int MaxQuotedChars = 10_000;

    /// <summary>How many characters of a reply the text notification quotes.</summary>
    public const int MaxSmsChars = 300;

    /// <summary>How long the inbound request waits for a rate-limit slot before leaving the notification to the timer.</summary>
    public static readonly TimeSpan InlineWait = TimeSpan.FromSeconds(5);

    /// <summary>Notifies the business of an email reply matched to <paramref name="enrollment"/>, with the original attached.</summary>
    public async Task EmailReplyAsync(InboundEmail email, Enrollment enrollment, CancellationToken cancellationToken)
    {
        var contact = await contacts.GetAsync(enrollment.ContactId, cancellationToken);
        var sequence = await sequences.FindAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
        var who = Who(contact, contact?.Email ?? email.From);
        var lines = new List<string>
        {
            $"{who} replied by email to {Context(enrollment, sequence)}.",
            $"Subject: {email.Subject}",
        };
        await NotifyAsync(
            "reply", EmailIdentity(email), contact?.Id ?? enrollment.ContactId, AddressKeyOf(contact?.Email ?? email.From, null), enrollment.Id,
            Recipients(sequence), ContactValidator.NormaliseEmail(contact?.Email ?? email.From), $"Reply from {who}: {email.Subject}",
            lines, email.Text ?? "", Link(enrollment.Id), Original(email), NotifyPhone, SmsText(who, email.Text ?? email.Subject), cancellationToken);
    }

    /// <summary>Notifies the business of a texted reply from a contact.</summary>
    /// <param name="messageSid">The Twilio <c>MessageSid</c>, which makes a redelivery find the same notification.</param>
    /// <param name="phone">The sender's E.164 number.</param>
    /// <param name="body">The text.</param>
    /// <param name="contactId">The contact; the notification names its latest active enrollment, else its latest.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task SmsReplyAsync(string messageSid, string phone, string body, string contactId, CancellationToken cancellationToken)
    {
        var contact = await contacts.GetAsync(contactId, cancellationToken);
        var enrollment = (await enrollments.ListAsync(contactId, cancellationToken))
            .OrderByDescending(e => e.Status == EnrollmentStatus.Active).ThenByDescending(e => e.EnrolledUtc).FirstOrDefault();
        var sequence = enrollment is null ? null : await sequences.FindAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
        var who = Who(contact, phone);
        var context = enrollment is null ? "FollowUp" : Context(enrollment, sequence);
        var lines = new List<string> { $"{who} replied by text to {context}.", $"Reply by text to {phone}." };
        await NotifyAsync(
            "reply", "sms:" + messageSid, contactId, AddressKey.Phone(phone), enrollment?.Id, Recipients(sequence), contact?.Email, $"Text reply from {who}",
            lines, body, enrollment is null ? null : Link(enrollment.Id), null, NotifyPhone, SmsText(who, body), cancellationToken);
    }

    /// <summary>Forwards an inbound email that matched no enrollment, when <c>FollowUp:Notify:Unmatched</c> is on; automatic replies and delivery reports are not forwarded.</summary>
    public async Task UnmatchedEmailAsync(InboundEmail email, CancellationToken cancellationToken)
    {
        if (!options.Value.Notify.Unmatched || email.IsDeliveryReport || AutoReplyDetector.Reason(email) is not null)
        {
            return;
        }

        var sender = ContactValidator.NormaliseEmail(email.From);
        var lines = new List<string> { $"An email from {email.From} reached the reply address but matched no contact FollowUp wrote to.", $"Subject: {email.Subject}" };
        await NotifyAsync(
            "unmatched", EmailIdentity(email), null, AddressKeyOf(email.From, null), null, Recipients(null), sender, $"Unmatched email from {email.From}: {email.Subject}",
            lines, email.Text ?? "", null, Original(email), null, "", cancellationToken);
    }

    /// <summary>Forwards an inbound email that FollowUp kept failing on and passed over, when <c>FollowUp:Notify:Unmatched</c> is on, so a person reads it; delivery reports are not forwarded.</summary>
    /// <param name="email">The email as read.</param>
    /// <param name="attempts">How many times handling it failed.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task UnhandledEmailAsync(InboundEmail email, int attempts, CancellationToken cancellationToken)
    {
        if (!options.Value.Notify.Unmatched || email.IsDeliveryReport)
        {
            return;
        }

        var sender = ContactValidator.NormaliseEmail(email.From);
        var lines = new List<string>
        {
            $"An email from {email.From} reached the mailbox FollowUp reads, but FollowUp failed on it {attempts} times and passed it over: it halted or opted out nothing it has not already. Please read it and act on it yourself.",
            $"Subject: {email.Subject}",
        };
        await NotifyAsync(
            "unhandled", EmailIdentity(email), null, AddressKeyOf(email.From, null), null, Recipients(null), sender, $"Not handled by FollowUp, from {email.From}: {email.Subject}",
            lines, email.Text ?? "", null, Original(email), null, "", cancellationToken);
    }

    /// <summary>Notifies the business that an event halted <paramref name="enrollment"/>, when <c>FollowUp:Notify:Conversions</c> is on.</summary>
    public async Task ConversionAsync(Enrollment enrollment, string eventName, CancellationToken cancellationToken)
    {
        if (!options.Value.Notify.Conversions)
        {
            return;
        }

        var contact = await contacts.GetAsync(enrollment.ContactId, cancellationToken);
        var sequence = await sequences.FindAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
        var who = Who(contact, contact?.Email ?? contact?.Phone ?? enrollment.ContactId);
        var lines = new List<string> { $"{who} converted: the event '{eventName}' ended {Context(enrollment, sequence)}." };
        await NotifyAsync(
            "conversion", $"conversion:{enrollment.Id}:{eventName}", enrollment.ContactId, AddressKeyOf(contact?.Email, contact?.Phone), enrollment.Id,
            Recipients(sequence), contact?.Email, $"{who} converted ({eventName})", lines, "", Link(enrollment.Id), null, null, "", cancellationToken);
    }

    /// <summary>Notifies the business that a contact opted out, when <c>FollowUp:Notify:OptOuts</c> is on.</summary>
    /// <param name="contactId">The contact.</param>
    /// <param name="addressKey">The key of the address that opted out.</param>
    /// <param name="how">How, for people: <c>by the unsubscribe link</c>, <c>by texting STOP</c>.</param>
    /// <param name="identity">What makes a repeat of the same opt-out find the same notification.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task OptOutAsync(string contactId, string addressKey, string how, string identity, CancellationToken cancellationToken)
    {
        if (!options.Value.Notify.OptOuts)
        {
            return;
        }

        var contact = await contacts.GetAsync(contactId, cancellationToken);
        var who = Who(contact, contact?.Email ?? contact?.Phone ?? contactId);
        var lines = new List<string> { $"{who} opted out {how}; FollowUp sends nothing more to that address." };
        await NotifyAsync("optOut", "optout:" + identity, contactId, addressKey, null, Recipients(null), contact?.Email, $"{who} opted out", lines, "", null, null, null, "", cancellationToken);
    }

    /// <summary>Stores the notification, unless it is already stored, and sends what is not yet sent.</summary>
    private async Task NotifyAsync(
        string kind, string identity, string? contactId, string? addressKey, string? enrollmentId, IReadOnlyList<string> emailTo, string? replyTo, string subject,
        List<string> lines, string written, Uri? link, byte[]? original, string? smsTo, string smsText, CancellationToken cancellationToken)
    {
        if (emailTo.Count == 0 && smsTo is null)
        {
            return;
        }

        var quoted = Quote(written, MaxQuotedChars);
        var notification = new Notification(
            IdOf(kind, identity), kind, contactId, addressKey, enrollmentId, emailTo, replyTo, Quote(subject.ReplaceLineEndings(" "), 200),
            Text(lines, quoted, link, replyTo is not null), Html(lines, quoted, link, replyTo is not null), original, smsTo, smsText, time.GetUtcNow());
        var (added, stored) = await store.TryAddAsync(notification, cancellationToken);
        if (!added)
        {
            logger.LogInformation("Notification {NotificationId} was recorded before; {State}", stored.Id, stored.Done ? "nothing more to send" : "sending what is left");
        }

        if (stored.Done)
        {
            return;
        }

        try
        {
            await sender.DeliverAsync(stored, InlineWait, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Notification {NotificationId} is stored; the notification timer sends it", stored.Id);
        }
    }

    /// <summary>Whether a reply to <paramref name="sequence"/> (or to none) is handed to anyone: its <c>notify.email</c>, <c>FollowUp:Notify:Email</c> or <c>FollowUp:Notify:Sms</c>.</summary>
    public bool Notifies(Sequence? sequence) => Recipients(sequence).Count > 0 || NotifyPhone is not null;

    private string? NotifyPhone => string.IsNullOrWhiteSpace(options.Value.Notify.Sms) ? null : options.Value.Notify.Sms.Trim();

    /// <summary>The addresses that hear of this sequence: its <c>notify.email</c>, else <c>FollowUp:Notify:Email</c>.</summary>
    private IReadOnlyList<string> Recipients(Sequence? sequence) =>
        sequence?.NotifyEmail ?? (string.IsNullOrWhiteSpace(options.Value.Notify.Email) ? [] : NotifyAddresses.Parse([options.Value.Notify.Email]) ?? []);

    private Uri? Link(string enrollmentId)
    {
        if (options.Value.PublicBaseUrl is not { } baseUrl)
        {
            return null;
        }

        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        return new Uri(root, $"{FollowUpRoutes.Prefix}/{FollowUpRoutes.Enrollment.Replace("{id}", Uri.EscapeDataString(enrollmentId), StringComparison.Ordinal)}");
    }

    private static string Context(Enrollment enrollment, Sequence? sequence)
    {
        var step = enrollment.Steps.Where(s => s.SentUtc is not null).MaxBy(s => s.SentUtc);
        var name = sequence is null ? $"the sequence {enrollment.SequenceId}" : $"the sequence “{sequence.Name}” ({sequence.Id})";
        return step is null ? name + ", before any step was sent" : $"{name}, after step {step.Id} sent {step.SentUtc:yyyy-MM-dd HH:mm} UTC";
    }

    private static string Who(Contact? contact, string address)
    {
        var name = string.Join(" ", new[] { contact?.FirstName, contact?.LastName }.Where(part => !string.IsNullOrWhiteSpace(part)));
        return name.Length > 0 ? $"{name} ({address})" : address;
    }

    private static string? AddressKeyOf(string? email, string? phone) =>
        email is not null && ContactValidator.NormaliseEmail(email) is { } normalised ? AddressKey.Email(normalised)
        : phone is not null ? AddressKey.Phone(phone) : null;

    private static string SmsText(string who, string written) => Quote($"Reply from {who}: {written.Trim()}", MaxSmsChars);

    private static string Text(List<string> lines, string written, Uri? link, bool replyGoesToSender)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.AppendLine(line);
        }

        if (written.Length > 0)
        {
            text.AppendLine().AppendLine("What they wrote:").AppendLine(written.TrimEnd());
        }

        text.AppendLine();
        if (replyGoesToSender)
        {
            text.AppendLine("Press Reply to answer them directly.");
        }

        if (link is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"The enrollment: {link.AbsoluteUri}");
        }

        return text.ToString();
    }

    private static string Html(List<string> lines, string written, Uri? link, bool replyGoesToSender)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        foreach (var line in lines)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        }

        if (written.Length > 0)
        {
            html.Append("<p>What they wrote:</p><blockquote style=\"white-space:pre-wrap\">").Append(WebUtility.HtmlEncode(written.TrimEnd())).Append("</blockquote>");
        }

        if (replyGoesToSender)
        {
            html.Append("<p>Press Reply to answer them directly.</p>");
        }

        if (link is not null)
        {
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link.AbsoluteUri)).Append("\">The enrollment</a></p>");
        }

        return html.Append("</body></html>").ToString();
    }

    /// <summary>The email's identity: its Message-ID, else a hash of its sender, headers and text, which a parse service's redelivery repeats.</summary>
    private static string EmailIdentity(InboundEmail email)
    {
        if (email.Headers[HeaderId.MessageId] is { } messageId && !string.IsNullOrWhiteSpace(messageId))
        {
            return "message-id:" + messageId.Trim();
        }

        var content = new StringBuilder(email.From).Append('\n').Append(email.Subject).Append('\n');
        foreach (var header in email.Headers)
        {
            content.Append(header.Field).Append(':').Append(header.Value).Append('\n');
        }

        return "hash:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.Append('\n').Append(email.Text).ToString())));
    }

    private static string IdOf(string kind, string identity) =>
        "notify-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + identity)))[..32];

    /// <summary>The inbound email as a message: its headers and its text part; its own attachments stay with the parse service or mailbox.</summary>
    private static byte[] Original(InboundEmail email)
    {
        var text = email.Text ?? "";
        while (true)
        {
            var message = new MimeMessage();
            message.Headers.Clear();
            foreach (var header in email.Headers.Where(h => h.Id != HeaderId.MimeVersion && !h.Field.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
            {
                message.Headers.Add(header.Clone());
            }

            if (message.From.Count == 0 && MailboxAddress.TryParse(email.From, out var from))
            {
                message.From.Add(from);
            }

            if (message.Headers[HeaderId.Subject] is null)
            {
                message.Subject = email.Subject;
            }

            message.Body = new TextPart("plain") { Text = text };
            using var stream = new MemoryStream();
            message.WriteTo(stream);
            if (stream.Length <= MaxOriginalBytes || text.Length == 0)
            {
                return stream.ToArray();
            }

            text = text[..(text.Length / 2)];
        }
    }

    private static string Quote(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return text[..end] + "…";
    }
}
