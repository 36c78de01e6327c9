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
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("followup.local");
        message.Headers.Add("X-FollowUp-Enrollment", email.Key.EnrollmentId);
        message.Headers.Add("X-FollowUp-Step", email.Key.StepId);
        message.Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody();
        await outbox.WriteAsync(outbox.PathOf(email.Key, Extension), (stream, ct) => message.WriteToAsync(stream, ct), cancellationToken);
        return message.MessageId;
    }

    /// <inheritdoc />
    public async Task<string?> FindSentAsync(SendKey key, DateTimeOffset claimedUtc, CancellationToken cancellationToken)
    {
        var path = outbox.PathOf(key, Extension);
        if (!File.Exists(path))
        {
            return null;
        }

        var message = await MimeMessage.LoadAsync(path, cancellationToken);
        return message.MessageId;
    }
}
