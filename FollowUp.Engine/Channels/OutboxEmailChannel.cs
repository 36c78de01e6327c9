using MimeKit;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Channels;

/// <summary>Writes each email as an RFC 5322 <c>.eml</c> file into the outbox folder, as SMTP would send it; the default email channel.</summary>
public sealed class OutboxEmailChannel(OutboxFolder outbox, IOptions<FollowUpOptions> options) : IEmailChannel
{
    private const string Extension = ".eml";

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (MimeEmail.Compose(email, options.Value.Email) is not var (message, messageId))
        {
            return SendResult.Refused(MimeEmail.InvalidRecipient);
        }

        await outbox.WriteAsync(outbox.PathOf(email.Key, Extension), (stream, ct) => message.WriteToAsync(stream, ct), cancellationToken);
        return SendResult.Sent(messageId);
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
