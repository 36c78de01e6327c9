using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.OptOuts;

/// <summary>Opts a contact's email address or phone out, or back in, on an operator's word, and records who did it and when.</summary>
/// <remarks>
/// The opt-out (or the record of the opt-in) is stored before the timelines, as the other opt-outs are: once it is stored
/// the dispatcher acts on it, which matters more than the record of why. An opt-in first records who made it and then
/// removes the opt-out, so no address is ever messaged again without that record. An operator's change is no response of
/// the contact, so the reports do not count it.
/// </remarks>
public sealed class OperatorConsent(OptOutStore optOuts, EnrollmentStore enrollments, TimelineStore timeline, TimeProvider time, ILogger<OperatorConsent> logger)
{
    /// <summary>The opt-out source of an opt-out an operator made.</summary>
    public const string Source = "dashboard";

    /// <summary>Opts the contact's address on <paramref name="channel"/> out; false when it had no such address or had opted out already.</summary>
    public async Task<bool> OptOutAsync(Contact contact, StepChannel channel, string operatorId, string operatorName, CancellationToken cancellationToken)
    {
        if (KeyOf(contact, channel) is not { } addressKey || await optOuts.IsOptedOutAsync(addressKey, cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow();
        await optOuts.AddAsync(addressKey, Source, now, operatorName, cancellationToken);
        await RecordAsync(contact.Id, new TimelineEvent(now, TimelineEventKind.OptedOut, null, $"Opted out of {Words(channel)} on the dashboard by {operatorName}."), cancellationToken);
        logger.LogInformation("Operator {OperatorId} opted contact {ContactId} out of {Channel}", operatorId, contact.Id, channel);
        return true;
    }

    /// <summary>Opts the contact's address on <paramref name="channel"/> back in, recording the operator; false when it had no such address or was not opted out.</summary>
    public async Task<bool> OptInAsync(Contact contact, StepChannel channel, string operatorId, string operatorName, CancellationToken cancellationToken)
    {
        if (KeyOf(contact, channel) is not { } addressKey || await optOuts.FindAsync(addressKey, cancellationToken) is not { } optOut)
        {
            return false;
        }

        var now = time.GetUtcNow();
        await optOuts.RecordOptInAsync(addressKey, new OptIn(now, operatorName, operatorId, optOut.Source), cancellationToken);
        await optOuts.RemoveAsync(addressKey, cancellationToken);
        await RecordAsync(contact.Id, new TimelineEvent(now, TimelineEventKind.OptedIn, null, $"Opted back in to {Words(channel)} on the dashboard by {operatorName}: the person asked to hear from the business again."), cancellationToken);
        logger.LogInformation("Operator {OperatorId} opted contact {ContactId} back in to {Channel}", operatorId, contact.Id, channel);
        return true;
    }

    /// <summary>The <see cref="AddressKey"/> of the contact's address on the channel, or null when it has none.</summary>
    public static string? KeyOf(Contact contact, StepChannel channel) => channel switch
    {
        StepChannel.Email => contact.Email is { } email ? AddressKey.Email(email) : null,
        _ => contact.Phone is { } phone ? AddressKey.Phone(phone) : null,
    };

    private static string Words(StepChannel channel) => channel == StepChannel.Email ? "email" : "text messages";

    private async Task RecordAsync(string contactId, TimelineEvent entry, CancellationToken cancellationToken)
    {
        foreach (var enrollment in await enrollments.ListAsync(contactId, cancellationToken))
        {
            await timeline.AddAsync(enrollment.Id, entry, cancellationToken);
        }
    }
}
