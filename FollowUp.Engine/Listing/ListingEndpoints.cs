using System.Globalization;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Listing;

/// <summary>The HTTP handlers that list what is otherwise reachable only by id: sequences, a sequence's enrollments, a contact by address.</summary>
/// <remarks>
/// Lists are paged: <c>?limit=</c> (1 to <see cref="MaxLimit"/>, default <see cref="DefaultLimit"/>) and the opaque
/// <c>continuation</c> of the previous page. Each page reads storage in proportion to its size, never to the table's.
/// </remarks>
public sealed class ListingEndpoints(
    SequenceCatalog catalog,
    SequenceStore sequences,
    EnrollmentsByStatus byStatus,
    EnrollmentStore enrollments,
    ContactEndpoints contacts,
    ListingToken tokens)
{
    /// <summary>How many entries a page holds unless <c>limit</c> says otherwise.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The most entries a page holds: each costs a storage read, and a page should answer within a second or two.</summary>
    public const int MaxLimit = 200;

    /// <summary>The query parameter of the page size.</summary>
    public const string LimitParameter = "limit";

    /// <summary>The query parameter of the token that continues a list.</summary>
    public const string ContinuationParameter = "continuation";

    /// <summary>The query parameter that picks enrollments by status.</summary>
    public const string StatusParameter = "status";

    private const string SequencesScope = "sequences";
    private const string BadContinuation = "Use the continuation the previous page of this list answered, unchanged.";

    /// <summary><c>GET /api/sequences</c>: a page of sequences by id, each its latest version in brief.</summary>
    public async Task<IResult> ListSequencesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (ReadPaging(request, SequencesScope, out var limit, out var after) is { } problem)
        {
            return problem;
        }

        if (after is not null && !Identifiers.IsValid(after))
        {
            return Problems.Validation(ContinuationParameter, BadContinuation);
        }

        var (page, more) = await catalog.PageAsync(after, limit, cancellationToken);
        return FollowUpJson.Result(new SequenceList(
            [.. page.Select(s => new SequenceSummary(s.Id, s.Name, s.Version, s.Steps.Count, s.CreatedUtc))],
            more && page.Count > 0 ? tokens.Create(SequencesScope, page[^1].Id) : null));
    }

    /// <summary><c>GET /api/sequences/{id}/enrollments</c>: a page of the sequence's enrollments, of one <c>status</c> or of all (active, completed, then halted), newest first within each.</summary>
    public async Task<IResult> ListEnrollmentsAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (SequenceEndpoints.CheckId(id) is { } badId)
        {
            return badId;
        }

        EnrollmentStatus? status = null;
        if (request.Query.TryGetValue(StatusParameter, out var given))
        {
            status = Enum.GetValues<EnrollmentStatus>().Cast<EnrollmentStatus?>()
                .FirstOrDefault(s => string.Equals(s.ToString(), given.ToString(), StringComparison.OrdinalIgnoreCase));
            if (status is null)
            {
                return Problems.Validation(StatusParameter, "Use active, completed or halted.");
            }
        }

        var scope = $"enrollments {id} {status?.ToString() ?? "all"}";
        if (ReadPaging(request, scope, out var limit, out var after) is { } problem)
        {
            return problem;
        }

        if (after is not null && !EnrollmentsByStatus.IsRowKey(after))
        {
            return Problems.Validation(ContinuationParameter, BadContinuation);
        }

        if (await sequences.GetLatestAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound($"There is no sequence '{id}'.");
        }

        var (rows, more) = await byStatus.PageAsync(id, status, after, limit, cancellationToken);
        var read = await Task.WhenAll(rows.Select(row => enrollments.GetAsync(row.EnrollmentId, cancellationToken)));
        var listed = new List<EnrollmentSummary>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (read[i] is not { } enrollment || enrollment.SequenceId != id)
            {
                // Written before an enrollment that was never stored, or is being stored right now.
                continue;
            }

            if (enrollment.Status != rows[i].Status)
            {
                // The enrollment ended after its active row was read, or a crash came between writing its ended row and
                // removing the active one: it is listed under the status it has.
                await byStatus.MoveAsync(enrollment, cancellationToken);
                continue;
            }

            listed.Add(new EnrollmentSummary(
                enrollment.Id,
                enrollment.ContactId,
                enrollment.SequenceVersion,
                enrollment.Status,
                enrollment.HaltReason,
                enrollment.EnrolledUtc,
                enrollment.EndedUtc,
                enrollment.Status == EnrollmentStatus.Active ? enrollment.NextStep?.Id : null));
        }

        return FollowUpJson.Result(new EnrollmentList(id, listed, more && rows.Count > 0 ? tokens.Create(scope, rows[^1].RowKey) : null));
    }

    /// <summary><c>GET /api/contacts?email=…</c> or <c>?phone=…</c>: the contact with that exact (normalised) address, as <c>GET /api/contacts/{address}</c> answers it; 404 when there is none.</summary>
    public async Task<IResult> FindContactAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var email = request.Query.TryGetValue("email", out var emailValue) ? emailValue.ToString() : null;
        var phone = request.Query.TryGetValue("phone", out var phoneValue) ? phoneValue.ToString() : null;
        if ((email is null) == (phone is null))
        {
            return Problems.Validation(email is null ? "email" : "phone", "Give one of email or phone.");
        }

        if (email is not null)
        {
            return email.Contains('@', StringComparison.Ordinal) && ContactValidator.NormaliseEmail(email) is { } normalEmail
                ? await contacts.GetAsync(normalEmail, cancellationToken)
                : Problems.Validation("email", "Give an email address, such as ann@example.com.");
        }

        return ContactValidator.NormalisePhone(ContactAddress.CompactPhone(phone!)) is { } normalPhone
            ? await contacts.GetAsync(normalPhone, cancellationToken)
            : Problems.Validation("phone", "Give a phone number in E.164 form, such as +14155550123 (%2B14155550123 in a URL); spaces, dashes, dots and brackets are ignored.");
    }

    /// <summary>Reads <c>limit</c> and <c>continuation</c>; null when both are fine, else the 400 naming the bad one.</summary>
    private IResult? ReadPaging(HttpRequest request, string scope, out int limit, out string? after)
    {
        limit = DefaultLimit;
        after = null;
        if (request.Query.TryGetValue(LimitParameter, out var givenLimit)
            && (!int.TryParse(givenLimit.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problems.Validation(LimitParameter, $"Use a whole number from 1 to {MaxLimit}.");
        }

        if (request.Query.TryGetValue(ContinuationParameter, out var givenToken))
        {
            if (!tokens.TryRead(scope, givenToken.ToString(), out var position))
            {
                return Problems.Validation(ContinuationParameter, BadContinuation);
            }

            after = position;
        }

        return null;
    }
}
