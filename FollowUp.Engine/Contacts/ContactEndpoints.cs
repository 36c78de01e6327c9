using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.OptOuts;

namespace FollowUp.Engine.Contacts;

/// <summary>The HTTP handlers of <c>GET</c> and <c>DELETE /api/contacts/{email or phone}</c>.</summary>
public sealed class ContactEndpoints(ContactStore contacts, EnrollmentStore enrollments, OptOutStore optOuts, ContactEraser eraser)
{
    private const string NoSuchContact = "There is no contact with this address.";
    private const string AddressProblem = "Give an email address or a phone number in E.164 form, such as +14155550123 (%2B14155550123 in a URL).";

    /// <summary>Answers the contact with this email address or E.164 phone number, its consent state and its enrollments.</summary>
    public async Task<Microsoft.AspNetCore.Http.IResult> GetAsync(string address, CancellationToken cancellationToken)
    {
        var (email, phone) = Parse(address);
        if (email is null && phone is null)
        {
            return Problems.Validation("address", AddressProblem);
        }

        if (await contacts.FindIdAsync(email, phone, cancellationToken) is not { } contactId || await contacts.GetAsync(contactId, cancellationToken) is not { } contact)
        {
            return Problems.NotFound(NoSuchContact);
        }

        var list = await enrollments.ListAsync(contact.Id, cancellationToken);
        return FollowUpJson.Result(new ContactView(
            contact.Id,
            contact.Email,
            contact.Phone,
            contact.FirstName,
            contact.LastName,
            contact.TimeZone,
            contact.Email is null ? null : await ConsentAsync(AddressKey.Email(contact.Email), cancellationToken),
            contact.Phone is null ? null : await ConsentAsync(AddressKey.Phone(contact.Phone), cancellationToken),
            [.. list.OrderBy(e => e.EnrolledUtc).Select(e => new ContactEnrollmentView(
                e.Id, e.SequenceId, e.SequenceVersion, e.Status, e.HaltReason, e.EnrolledUtc, e.Status == EnrollmentStatus.Active ? e.NextStep?.Id : null))]));
    }

    private async Task<ConsentView> ConsentAsync(string addressKey, CancellationToken cancellationToken) =>
        await optOuts.FindAsync(addressKey, cancellationToken) is { } optOut
            ? new ConsentView("optedOut", optOut.Source, optOut.OptedOutUtc)
            : new ConsentView("subscribed", null, null);

    /// <summary>Erases the contact with this email address or E.164 phone number everywhere; answers how many rows each table lost.</summary>
    public async Task<Microsoft.AspNetCore.Http.IResult> DeleteAsync(string address, CancellationToken cancellationToken)
    {
        var (email, phone) = Parse(address);
        if (email is null && phone is null)
        {
            return Problems.Validation("address", AddressProblem);
        }

        if (await contacts.FindIdAsync(email, phone, cancellationToken) is not { } contactId)
        {
            return Problems.NotFound(NoSuchContact);
        }

        var key = email is not null ? AddressKey.Email(email) : AddressKey.Phone(phone!);
        return FollowUpJson.Result(new ErasureView(await eraser.EraseAsync(contactId, [key], cancellationToken)));
    }

    private static (string? Email, string? Phone) Parse(string address) =>
        address.Contains('@', StringComparison.Ordinal) ? (ContactValidator.NormaliseEmail(address), null) : (null, ContactValidator.NormalisePhone(address));
}
