using FollowUp.Engine.Http;
using FollowUp.Engine.Listing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP functions that list sequences and a sequence's enrollments, and find a contact by address.</summary>
public sealed class ListingFunctions(ListingEndpoints endpoints)
{
    /// <summary>Lists the sequences, a page at a time, each its latest version in brief.</summary>
    [Function(nameof(ListSequences))]
    public Task<IResult> ListSequences(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.Sequences)] HttpRequest req,
        CancellationToken ct)
        => endpoints.ListSequencesAsync(req, ct);

    /// <summary>Lists the enrollments of the sequence in the route, a page at a time, newest first.</summary>
    [Function(nameof(ListSequenceEnrollments))]
    public Task<IResult> ListSequenceEnrollments(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.SequenceEnrollments)] HttpRequest req,
        string id,
        CancellationToken ct)
        => endpoints.ListEnrollmentsAsync(req, id, ct);

    /// <summary>Finds the contact with the email address or phone number in the query.</summary>
    [Function(nameof(FindContact))]
    public Task<IResult> FindContact(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.Contacts)] HttpRequest req,
        CancellationToken ct)
        => endpoints.FindContactAsync(req, ct);
}
