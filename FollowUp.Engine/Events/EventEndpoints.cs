using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Events;

/// <summary>The HTTP handler of <c>POST /api/events</c>.</summary>
public sealed class EventEndpoints(EventService events)
{
    /// <summary>Raises the event and answers the ids of the enrollments it halted.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<EventRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        if (!Identifiers.IsValid(body!.Name))
        {
            errors.Add("name", "An event name: " + Identifiers.Rule);
        }

        var contact = ContactValidator.Validate(body.Contact, "contact", errors);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var halted = await events.RaiseAsync(body.Name!, contact!.Email, contact.Phone, cancellationToken);
        return FollowUpJson.Result(new { halted });
    }
}
