using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Notifications;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Inbound.Sms;

/// <summary>Acts on a text message sent to the business's number: opts the phone out or back in, or treats it as a reply (which also opts the phone out when it asks in words to stop).</summary>
/// <remarks>
/// An opt-out is stored for the phone number whether or not a contact has it, so a number that said STOP before it was
/// ever enrolled is still never texted. It stops text messages only: the contact's enrollments go on, and their SMS steps
/// are skipped with the reason shown, while email steps are still sent. A HELP changes nothing.
/// </remarks>
public sealed class InboundSmsService(
    ContactStore contacts,
    EnrollmentStore enrollments,
    OptOutStore optOuts,
    ReplyService replies,
    StepFigures figures,
    StopRequests stopRequests,
    ReplyNotifier notifier,
    TimelineStore timeline,
    TimeProvider time,
    ILogger<InboundSmsService> logger)
{
    /// <summary>How many characters of a reply its timeline entry quotes.</summary>
    public const int QuotedLength = 100;

    /// <summary>Acts on the message <paramref name="body"/> from <paramref name="phone"/>; returns the keyword it was read as.</summary>
    /// <param name="messageSid">Twilio's id of the message, which names the notification of a reply or opt-out.</param>
    /// <param name="phone">The sender's number in E.164 form.</param>
    /// <param name="body">The text as received.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<SmsKeyword> ReceiveAsync(string messageSid, string phone, string body, CancellationToken cancellationToken)
    {
        var keyword = SmsKeywords.Read(body);
        var now = time.GetUtcNow();
        var contactId = await contacts.FindIdAsync(null, phone, cancellationToken);
        var word = SmsKeywords.Word(body);
        switch (keyword)
        {
            case SmsKeyword.OptOut:
                await figures.CountResponseAsync(contactId, ReportMetric.Unsubscribed, cancellationToken);
                await optOuts.AddAsync(AddressKey.Phone(phone), "sms:" + word, now, cancellationToken);
                await RecordAsync(contactId, new TimelineEvent(now, TimelineEventKind.OptedOut, null, $"Texted {word}: no more text messages to this phone."), cancellationToken);
                if (contactId is not null)
                {
                    await notifier.OptOutAsync(contactId, AddressKey.Phone(phone), $"of text messages by texting {word}", "sms:" + messageSid, cancellationToken);
                }
                break;
            case SmsKeyword.OptIn:
                await optOuts.RemoveAsync(AddressKey.Phone(phone), cancellationToken);
                await RecordAsync(contactId, new TimelineEvent(now, TimelineEventKind.OptedIn, null, $"Texted {word}: text messages to this phone again."), cancellationToken);
                break;
            case SmsKeyword.Reply:
                await RecordAsync(contactId, new TimelineEvent(now, TimelineEventKind.Replied, null, "By SMS: " + Quote(body)), cancellationToken);
                var stopPhrase = await stopRequests.SmsAsync(body, phone, contactId, cancellationToken);
                if (contactId is not null)
                {
                    // Stored before the halt: a crash after it leaves the notification for the timer, since a redelivery of this MessageSid does not act again.
                    await notifier.SmsReplyAsync(messageSid, phone, body, contactId, cancellationToken);
                    await replies.HaltOnReplyAsync(contactId, new IncomingReply(StepChannel.Sms, body, stopPhrase is not null, NotifiesBusiness: true), null, cancellationToken);
                }

                break;
        }

        logger.LogInformation("Received an inbound SMS read as {SmsKeyword} from contact {ContactId}", keyword, contactId ?? "(unknown)");
        return keyword;
    }

    /// <summary>Adds the entry to the timeline of each active enrollment of the contact, if there is one.</summary>
    private async Task RecordAsync(string? contactId, TimelineEvent entry, CancellationToken cancellationToken)
    {
        if (contactId is null)
        {
            return;
        }

        foreach (var enrollment in await enrollments.ListAsync(contactId, cancellationToken))
        {
            if (enrollment.Status == EnrollmentStatus.Active)
            {
                await timeline.AddAsync(enrollment.Id, entry, cancellationToken);
            }
        }
    }

    /// <summary>The first <see cref="QuotedLength"/> characters of the trimmed text, never splitting a surrogate pair.</summary>
    private static string Quote(string body)
    {
        var text = body.Trim();
        if (text.Length <= QuotedLength)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[QuotedLength - 1]) ? QuotedLength - 1 : QuotedLength;
        return text[..end] + "…";
    }
}
