using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>Reads the next steps due, each with its contact's name and its sequence's.</summary>
/// <remarks>One query of the NextDue index from this minute on, then a point read of each row's enrollment and contact, all at once; sequence versions come from <see cref="SequenceStore"/>'s cache.</remarks>
public sealed class UpcomingReader(NextDueIndex nextDue, EnrollmentStore enrollments, ContactStore contacts, SequenceStore sequences, TimeProvider clock)
{
    /// <summary>The first <paramref name="limit"/> steps due from this minute on, soonest first.</summary>
    public async Task<IReadOnlyList<UpcomingSend>> ReadAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await nextDue.NextAsync(clock.GetUtcNow(), limit, cancellationToken);
        var sends = await Task.WhenAll(rows.OrderBy(row => row.DueUtc).Select(row => ReadAsync(row, cancellationToken)));
        return [.. sends.OfType<UpcomingSend>()];
    }

    private async Task<UpcomingSend?> ReadAsync(NextDueEntry row, CancellationToken cancellationToken)
    {
        var enrollment = enrollments.GetAsync(row.EnrollmentId, cancellationToken);
        var contact = EnrollmentId.TryGetContactId(row.EnrollmentId, out var contactId) ? contacts.GetAsync(contactId, cancellationToken) : Task.FromResult<Contact?>(null);
        if (await enrollment is not { } found)
        {
            return null;
        }

        var sequence = await sequences.FindAsync(found.SequenceId, row.SequenceVersion, cancellationToken);
        var person = await contact is { } known ? string.Join(' ', new[] { known.FirstName, known.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) : "";
        var index = sequence?.Steps.ToList().FindIndex(s => s.Id == row.StepId) ?? -1;
        var step = index < 0 ? row.StepId : $"{index + 1}. {(sequence!.Steps[index].Channel == StepChannel.Sms ? "SMS" : "Email")} · {row.StepId}";
        return new UpcomingSend(row.DueUtc, row.EnrollmentId, person.Length > 0 ? person : null, sequence?.Name ?? found.SequenceId, step);
    }
}
