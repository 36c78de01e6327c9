using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Unsubscribe;

/// <summary>Suppresses the email address of an unsubscribe link and records it on the timelines of the contact's enrollments.</summary>
/// <remarks>
/// An address already suppressed (by an earlier click, or a bounce) is left as it is and records nothing more, so a
/// repeated one-click POST does not fill the timelines. The opt-out is stored before the timelines: once it is stored
/// no email goes to the address, which matters more than the record of why.
/// </remarks>
public sealed class UnsubscribeService(
    OptOutStore optOuts, EnrollmentStore enrollments, Reports.StepFigures figures, TimelineStore timeline, Notifications.ReplyNotifier notifier, TimeProvider time, ILogger<UnsubscribeService> logger)
{
    /// <summary>The opt-out source of an unsubscribe link.</summary>
    public const string Source = "unsubscribe";

    /// <summary>Suppresses the recipient's address; true when it was not suppressed before.</summary>
    public async Task<bool> UnsubscribeAsync(UnsubscribeRecipient recipient, CancellationToken cancellationToken)
    {
        if (await optOuts.IsOptedOutAsync(recipient.AddressKey, cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow();
        await figures.CountResponseAsync(recipient.ContactId, Reports.ReportMetric.Unsubscribed, cancellationToken);
        await optOuts.AddAsync(recipient.AddressKey, Source, now, cancellationToken);
        var unsubscribed = new TimelineEvent(now, TimelineEventKind.Unsubscribed, null, "The contact unsubscribed by the link in an email; no email goes to that address again.");
        foreach (var enrollment in await enrollments.ListAsync(recipient.ContactId, cancellationToken))
        {
            await timeline.AddAsync(enrollment.Id, unsubscribed, cancellationToken);
        }

        logger.LogInformation("Contact {ContactId} unsubscribed an email address by its link", recipient.ContactId);
        await notifier.OptOutAsync(recipient.ContactId, recipient.AddressKey, "of email by the unsubscribe link", $"{recipient.AddressKey}:{now.UtcTicks}", cancellationToken);
        return true;
    }
}
