using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.OptOuts;

namespace FollowUp.Engine.Contacts;

/// <summary>The HTTP handler of <c>GET /api/contacts/{email or phone}</c>.</summary>
public sealed class ContactEndpoints(ContactStore contacts, EnrollmentStore enrollments, OptOutStore optOuts)
{
    /// <summary>Answers the contact with this email address or E.164 phone number, its consent state and its enrollments.</summary>
    public async Task<Microsoft.AspNetCore.Http.IResult> GetAsync(string address, CancellationToken cancellationToken)
    {
        var isEmail = address.Contains('@', StringComparison.Ordinal);
        var email = isEmail ? ContactValidator.NormaliseEmail(address) : null;
        var phone = isEmail ? null : ContactValidator.NormalisePhone(address);
        if (email is null && phone is null)
        {
            return Problems.Validation("address", "Give an email address or a phone number in E.164 form, such as +14155550123 (%2B14155550123 in a URL).");
        }

        if (await contacts.FindIdAsync(email, phone, cancellationToken) is not { } contactId || await contacts.GetAsync(contactId, cancellationToken) is not { } contact)
        {
            return Problems.NotFound($"There is no contact '{address}'.");
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
}
