using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Listing;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>Reads one page of a sequence's enrollments for the dashboard, through the EnrollmentsByStatus index the listing API uses.</summary>
/// <remarks>
/// A page is one range query of the index, then a point read of each enrollment and of each contact it names, all at
/// once; <see cref="PageSize"/> keeps that to a few dozen reads. An index row whose enrollment has another status is moved,
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

        var people = (await Task.WhenAll(listed.Select(e => e.ContactId).Distinct(StringComparer.Ordinal).Select(id => contacts.GetAsync(id, cancellationToken))))
            .OfType<Contact>().ToDictionary(c => c.Id, StringComparer.Ordinal);
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
