using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dashboard.Contacts;

/// <summary>The contacts pages: find a contact by email or phone, see whether they may be messaged and their enrollments, opt them out or back in, erase them.</summary>
public sealed class ContactsArea(
    ContactStore contacts,
    EnrollmentStore enrollments,
    SequenceStore sequences,
    OptOutStore optOuts,
    OperatorConsent consent,
    ContactEraser eraser,
    TimeProvider time,
    IOptions<FollowUpOptions> options) : IDashboardArea
{
    /// <summary>The word an operator types to confirm an erasure.</summary>
    public const string EraseWord = "ERASE";

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes)
    {
        routes.Get("contacts", SearchAsync);
        routes.Get("contacts/{id}", ShowAsync);
        routes.Post("contacts/{id}/opt-out", OptOutAsync);
        routes.Post("contacts/{id}/opt-in", OptInAsync);
        routes.Post("contacts/{id}/erase", EraseAsync);
    }

    private async Task<IResult> SearchAsync(DashboardRequest request)
    {
        if (request.Query("q") is not { } query)
        {
            return await request.Page<ContactSearchPage>("Contacts", new ContactSearchModel(null, null));
        }

        var (email, phone) = ContactAddress.Parse(query);
        if (email is null && phone is null)
        {
            return await request.Page<ContactSearchPage>("Contacts", new ContactSearchModel(query, Error("q", "Type a whole email address (ann@example.com) or a phone number with its country code (+44 7911 123456).")), StatusCodes.Status400BadRequest);
        }

        if (await contacts.FindIdAsync(email, phone, request.Aborted) is not { } id || await contacts.GetAsync(id, request.Aborted) is null)
        {
            return await request.Page<ContactSearchPage>("Contacts", new ContactSearchModel(query, Error("q", "No contact has this address. Check it for typing mistakes, or try their other address.")), StatusCodes.Status404NotFound);
        }

        return request.SeeOther("contacts/" + Uri.EscapeDataString(id));
    }

    private async Task<IResult> ShowAsync(DashboardRequest request) =>
        await FindAsync(request) is { } contact ? await ShowAsync(request, contact, null, StatusCodes.Status200OK) : await MissingAsync(request);

    private async Task<IResult> ShowAsync(DashboardRequest request, Contact contact, IReadOnlyDictionary<string, string[]>? errors, int status)
    {
        var ct = request.Aborted;
        var consents = new List<ChannelConsent>();
        foreach (var channel in new[] { StepChannel.Email, StepChannel.Sms })
        {
            var address = channel == StepChannel.Email ? contact.Email : contact.Phone;
            var key = OperatorConsent.KeyOf(contact, channel);
            consents.Add(new ChannelConsent(
                channel,
                address,
                key is null ? null : await optOuts.FindAsync(key, ct),
                key is null ? null : await optOuts.FindOptInAsync(key, ct)));
        }

        var list = await enrollments.ListAsync(contact.Id, ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sequenceId in list.Select(e => e.SequenceId).Distinct(StringComparer.Ordinal))
        {
            names[sequenceId] = (await sequences.GetLatestAsync(sequenceId, ct))?.Name ?? sequenceId;
        }

        var rows = list
            .OrderByDescending(e => e.EnrolledUtc)
            .Select(e => new ContactEnrollmentRow(e.Id, names[e.SequenceId], e.Status, e.HaltReason, e.EnrolledUtc, e.Status == EnrollmentStatus.Active ? e.NextStep?.SendUtc : null))
            .ToList();
        var model = new ContactModel(contact, DashboardTime.FormatIn(time.GetUtcNow(), contact.TimeZone), options.Value.DefaultTimeZone, consents, rows, errors);
        return await request.Page<ContactPage>(model.Name, model, status);
    }

    private async Task<IResult> OptOutAsync(DashboardRequest request)
    {
        if (await FindAsync(request) is not { } contact)
        {
            return await MissingAsync(request);
        }

        if (Channel(request) is not { } channel || OperatorConsent.KeyOf(contact, channel) is null)
        {
            return await ShowAsync(request, contact, Error("channel", "Choose email or text messages, for an address this contact has."), StatusCodes.Status400BadRequest);
        }

        var changed = await consent.OptOutAsync(contact, channel, request.User!.Id, request.User.DisplayName, request.Aborted);
        return request.SeeOther(PathOf(contact), changed
            ? $"{Words(channel)} to this contact has stopped: nothing more goes to that address unless you opt them back in."
            : $"This contact was already opted out of {Words(channel).ToLowerInvariant()}; nothing changed.");
    }

    private async Task<IResult> OptInAsync(DashboardRequest request)
    {
        if (await FindAsync(request) is not { } contact)
        {
            return await MissingAsync(request);
        }

        if (Channel(request) is not { } channel || OperatorConsent.KeyOf(contact, channel) is null)
        {
            return await ShowAsync(request, contact, Error("channel", "Choose email or text messages, for an address this contact has."), StatusCodes.Status400BadRequest);
        }

        var key = channel == StepChannel.Email ? "email" : "sms";
        if (request.Field("confirm") != "yes")
        {
            return await ShowAsync(request, contact, Error("confirm-" + key, "Tick the box to confirm that this person asked to hear from you again. Nothing was changed."), StatusCodes.Status400BadRequest);
        }

        var changed = await consent.OptInAsync(contact, channel, request.User!.Id, request.User.DisplayName, request.Aborted);
        return request.SeeOther(PathOf(contact), changed
            ? $"{Words(channel)} to this contact can go out again. You are recorded as the person who opted them back in."
            : $"This contact was not opted out of {Words(channel).ToLowerInvariant()}; nothing changed.");
    }

    private async Task<IResult> EraseAsync(DashboardRequest request)
    {
        if (await FindAsync(request) is not { } contact)
        {
            return await MissingAsync(request);
        }

        if (!string.Equals(request.Field("confirm"), EraseWord, StringComparison.Ordinal))
        {
            return await ShowAsync(request, contact, Error("erase-confirm", $"Type {EraseWord} in capitals to erase this contact. Nothing was erased."), StatusCodes.Status400BadRequest);
        }

        await eraser.EraseAsync(contact.Id, ContactStore.IndexKeys(contact.Email, contact.Phone), request.Aborted);
        return request.SeeOther("contacts", "The contact and all their enrollments, messages and history were erased. An opt-out stays, so they are never messaged again by mistake.");
    }

    private async Task<Contact?> FindAsync(DashboardRequest request) =>
        request.Route("id") is { Length: > 0 and <= 64 } id && id.All(char.IsAsciiLetterOrDigit) ? await contacts.GetAsync(id, request.Aborted) : null;

    private static Task<IResult> MissingAsync(DashboardRequest request) =>
        request.Message("Contact not found", new DashboardMessage("There is no such contact. They may have been erased.", DashboardPaths.To("contacts"), "Find a contact"), StatusCodes.Status404NotFound);

    private static StepChannel? Channel(DashboardRequest request) => request.Field("channel") switch
    {
        "email" => StepChannel.Email,
        "sms" => StepChannel.Sms,
        _ => null,
    };

    private static string PathOf(Contact contact) => "contacts/" + Uri.EscapeDataString(contact.Id);

    private static string Words(StepChannel channel) => channel == StepChannel.Email ? "Email" : "Texting";

    private static Dictionary<string, string[]> Error(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };
}
