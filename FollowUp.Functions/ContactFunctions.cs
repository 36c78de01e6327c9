using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP functions that show a contact, its consent state and its enrollments, and erase it.</summary>
public sealed class ContactFunctions(ContactEndpoints endpoints)
{
    /// <summary>Reads the contact with the email address or phone number in the route.</summary>
    [Function(nameof(GetContact))]
    public Task<IResult> GetContact(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.Contact)] HttpRequest req,
        string address,
        CancellationToken ct)
        => endpoints.GetAsync(address, ct);

    /// <summary>Erases the contact with the email address or phone number in the route everywhere, keeping only its suppression entry.</summary>
    [Function(nameof(DeleteContact))]
    public Task<IResult> DeleteContact(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = FollowUpRoutes.Contact)] HttpRequest req,
        string address,
        CancellationToken ct)
        => endpoints.DeleteAsync(address, ct);
}
