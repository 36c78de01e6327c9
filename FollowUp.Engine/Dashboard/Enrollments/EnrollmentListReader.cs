using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Listing;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>Reads one page of a sequence's enrollments for the dashboard, through the EnrollmentsByStatus index the listing API uses.</summary>
/// <remarks>
/// A page is one range query of the index, then a point read of each enrollment and of each contact (whose id starts the
/// enrollment's), all at once; <see cref="PageSize"/> keeps that to a few dozen reads. An index row whose enrollment has another status is moved,
/// as the listing API does, and left out of this page.
/// </remarks>
public sealed class EnrollmentListReader(SequenceCatalog catalog, EnrollmentsByStatus byStatus, EnrollmentStore enrollments, ContactStore contacts, ListingToken tokens)
{
    /// <summary>How many enrollments a page lists.</summary>
    public const int PageSize = 25;

    /// <summary>The most sequences the filter offers.</summary>
    public const int MaxSequences = ListingEndpoints.MaxLimit;

    /// <summary>The query parameter that continues the list.</summary>
    public const string AfterParameter = "after";

    /// <summary>Every sequence (up to <see cref="MaxSequences"/>), latest versions, by id.</summary>
    public async Task<List<Sequence>> SequencesAsync(CancellationToken cancellationToken) =>
        (await catalog.PageAsync(null, MaxSequences, cancellationToken)).Sequences;

    /// <summary>Reads the page of <paramref name="sequence"/>'s enrollments of <paramref name="status"/> (all when null) that <paramref name="continuation"/> points at.</summary>
    /// <returns>The rows and the token of the next page; null rows when the token is not one this list gave.</returns>
    public async Task<(List<EnrollmentRow>? Rows, string? Next)> PageAsync(Sequence sequence, EnrollmentStatus? status, string? continuation, CancellationToken cancellationToken)
    {
        var scope = $"dashboard enrollments {sequence.Id} {status?.ToString() ?? "all"}";
        string? after = null;
        if (continuation is not null && (!tokens.TryRead(scope, continuation, out var position) || !EnrollmentsByStatus.IsRowKey(after = position)))
        {
            return (null, null);
        }

        var (rows, more) = await byStatus.PageAsync(sequence.Id, status, after, PageSize, cancellationToken);
        // An enrollment id starts with its contact's id, so the contacts are read alongside the enrollments, not after them.
        var contactIds = rows.Select(row => EnrollmentId.TryGetContactId(row.EnrollmentId, out var contactId) ? contactId : null).OfType<string>().Distinct(StringComparer.Ordinal);
        var peopleTask = Task.WhenAll(contactIds.Select(id => contacts.GetAsync(id, cancellationToken)));
        var read = await Task.WhenAll(rows.Select(row => enrollments.GetAsync(row.EnrollmentId, cancellationToken)));
        var listed = new List<Enrollment>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (read[i] is not { } enrollment || enrollment.SequenceId != sequence.Id)
            {
                continue;
            }

            if (enrollment.Status != rows[i].Status)
            {
                await byStatus.MoveAsync(enrollment, cancellationToken);
                continue;
            }

            listed.Add(enrollment);
        }

        var people = (await peopleTask).OfType<Contact>().ToDictionary(c => c.Id, StringComparer.Ordinal);
        var page = listed.Select(e => new EnrollmentRow(
                e.Id,
                ContactLabel.Of(people.GetValueOrDefault(e.ContactId)),
                sequence.Name,
                e.Status,
                e.HaltReason,
                e.Status == EnrollmentStatus.Active ? e.NextStep?.Id : null,
                e.Status == EnrollmentStatus.Active ? e.NextStep?.SendUtc : null,
                e.ContactTimeZone,
                e.EnrolledUtc,
                e.EndedUtc))
            .ToList();
        return (page, more && rows.Count > 0 ? tokens.Create(scope, rows[^1].RowKey) : null);
    }
}
