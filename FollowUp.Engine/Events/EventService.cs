using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Reports;

namespace FollowUp.Engine.Events;

/// <summary>Raises named events for a contact: each halts the contact's active enrollments whose sequence lists it in <c>stopOn.events</c>.</summary>
public sealed class EventService(ContactStore contacts, EnrollmentHalter halter, EnrollmentStore enrollments, StepFigures figures, Notifications.ReplyNotifier notifier)
{
    /// <summary>The halt reason of an event: <c>event:&lt;name&gt;</c>.</summary>
    public static string HaltReason(string name) => "event:" + name;

    /// <summary>Raises <paramref name="name"/> for the contact with this (normalised) email or phone; returns the enrollments it halted.</summary>
    /// <remarks>An event for an unknown contact halts nothing, and creates no contact. Each halt is a conversion, which notifies the business when <c>FollowUp:Notify:Conversions</c> is on.</remarks>
    public async Task<IReadOnlyList<string>> RaiseAsync(string name, string? email, string? phone, CancellationToken cancellationToken)
    {
        var contactId = await contacts.FindIdAsync(email, phone, cancellationToken);
        if (contactId is null)
        {
            return [];
        }

        var halted = await halter.HaltAsync(contactId, stopOn => stopOn.Events.Contains(name, StringComparer.Ordinal), HaltReason(name), cancellationToken);
        await figures.CountConversionsAsync(contactId, HaltReason(name), cancellationToken);
        foreach (var id in halted)
        {
            if (await enrollments.GetAsync(id, cancellationToken) is { } enrollment)
            {
                await notifier.ConversionAsync(enrollment, name, cancellationToken);
            }
        }

        return halted;
    }
}
