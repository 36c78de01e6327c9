using MimeKit;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Channels;

/// <summary>Writes each email as an RFC 5322 <c>.eml</c> file into the outbox folder; the default email channel.</summary>
public sealed class OutboxEmailChannel(OutboxFolder outbox, IOptions<FollowUpOptions> options) : IEmailChannel
{
    private const string Extension = ".eml";

    /// <inheritdoc />
    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.Email.From));
        if (options.Value.Email.ReplyTo is { } replyTo)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("followup.local");
        foreach (var header in email.Headers)
        {
            message.Headers.Add(header.Key, header.Value);
        }

        message.Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody();
        await outbox.WriteAsync(outbox.PathOf(email.Key, Extension), (stream, ct) => message.WriteToAsync(stream, ct), cancellationToken);
        return message.MessageId;
    }

    /// <inheritdoc />
    public async Task<string?> FindSentAsync(OutgoingEmail email, DateTimeOffset claimedUtc, CancellationToken cancellationToken)
    {
        var path = outbox.PathOf(email.Key, Extension);
        if (!File.Exists(path))
        {
            return null;
        }

        var message = await MimeMessage.LoadAsync(path, cancellationToken);
        return message.MessageId;
    }
}
