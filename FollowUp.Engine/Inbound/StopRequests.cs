using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Inbound;

/// <summary>Opts an address out when a reply asks in words to be sent nothing more (<see cref="StopRequestDetector"/>), and records the words on the timeline.</summary>
/// <remarks>
/// The opt-out is stored before the timelines, as an unsubscribe link's is: once it is stored nothing more goes to the
/// address, which matters more than the record of why. An address already opted out records nothing more, so a webhook
/// delivered twice does not fill the timelines.
/// </remarks>
public sealed class StopRequests(ContactStore contacts, EnrollmentStore enrollments, Reports.StepFigures figures, OptOutStore optOuts, TimelineStore timeline, TimeProvider time, ILogger<StopRequests> logger)
{
    /// <summary>The opt-out source of a reply that asked to stop.</summary>
    public const string Source = "reply";

    /// <summary>When the email reply's text asks to stop, opts the email address of the matched enrollment's contact out; returns the phrase, or null.</summary>
    /// <param name="text">The reply's plain text, quotes included (they are not read).</param>
    /// <param name="matched">The enrollment the reply was matched to.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<string?> EmailAsync(string? text, Enrollment matched, CancellationToken cancellationToken)
    {
        if (StopRequestDetector.Find(text) is not { } phrase || await contacts.GetAsync(matched.ContactId, cancellationToken) is not { Email: { } address })
        {
            return null;
        }

        await OptOutAsync(AddressKey.Email(address), matched.ContactId, matched.Id, $"Asked by email to stop (\"{phrase}\"): no more email to this address.", cancellationToken);
        return phrase;
    }

    /// <summary>When the text message asks to stop, opts the phone out, whether or not a contact has it; returns the phrase, or null.</summary>
    /// <param name="body">The text as received.</param>
    /// <param name="phone">The sender's number in E.164 form.</param>
    /// <param name="contactId">The contact with that number, if any.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<string?> SmsAsync(string body, string phone, string? contactId, CancellationToken cancellationToken)
    {
        if (StopRequestDetector.Find(body) is not { } phrase)
        {
            return null;
        }

        await OptOutAsync(AddressKey.Phone(phone), contactId, null, $"Asked by text to stop (\"{phrase}\"): no more text messages to this phone.", cancellationToken);
        return phrase;
    }

    /// <summary>Stores the opt-out and, when it is new, records it on the contact's active enrollments and <paramref name="enrollmentId"/>.</summary>
    private async Task OptOutAsync(string addressKey, string? contactId, string? enrollmentId, string detail, CancellationToken cancellationToken)
    {
        if (await optOuts.IsOptedOutAsync(addressKey, cancellationToken))
        {
            logger.LogInformation("A reply from contact {ContactId} asked in words to stop; its address had already opted out", contactId ?? "(unknown)");
            return;
        }

        var now = time.GetUtcNow();
        await figures.CountResponseAsync(contactId, Reports.ReportMetric.Unsubscribed, cancellationToken);
        await optOuts.AddAsync(addressKey, Source, now, cancellationToken);
        var active = contactId is null
            ? []
            : (await enrollments.ListAsync(contactId, cancellationToken)).Where(e => e.Status == EnrollmentStatus.Active).Select(e => e.Id);
        var entry = new TimelineEvent(now, TimelineEventKind.OptedOut, null, detail);
        foreach (var id in (enrollmentId is null ? active : active.Prepend(enrollmentId)).Distinct(StringComparer.Ordinal))
        {
            await timeline.AddAsync(id, entry, cancellationToken);
        }

        logger.LogInformation("A reply from contact {ContactId} asked in words to stop; opted its address out", contactId ?? "(unknown)");
    }
}
