using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Replies;

/// <summary>The HTTP handler of <c>POST /api/replies</c>.</summary>
public sealed class ReplyEndpoints(ReplyService replies, ContactStore contacts, EnrollmentStore enrollments)
{
    /// <summary>Records a reply and answers the ids of the enrollments it halted.</summary>
    /// <remarks>A reply to an enrollment id halts that enrollment only, once it is read from storage; an id that names none is 404.</remarks>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReplyRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.EnrollmentId is not null)
        {
            return await enrollments.GetAsync(body.EnrollmentId, cancellationToken) is { } enrollment
                ? FollowUpJson.Result(new { halted = await replies.HaltOnReplyAsync(enrollment, Incoming(body), cancellationToken) })
                : Problems.NotFound("No enrollment has the enrollmentId given.");
        }

        var errors = new ValidationErrors();
        var (email, phone) = ReadSender(body, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var contactId = await contacts.FindIdAsync(email, phone, cancellationToken);
        var halted = contactId is null ? [] : await replies.HaltOnReplyAsync(contactId, Incoming(body), null, cancellationToken);
        return FollowUpJson.Result(new { halted });
    }

    /// <summary>The reply as the dashboard's list of replies records it; the API neither opts out nor notifies.</summary>
    private static IncomingReply Incoming(ReplyRequest body) => new(body.Channel, body.Text, OptedOut: false, NotifiesBusiness: false);

    private static (string? Email, string? Phone) ReadSender(ReplyRequest body, ValidationErrors errors)
    {
        if (body.Channel is null)
        {
            errors.Add("channel", "Use 'email' or 'sms', or give an enrollmentId instead.");
        }

        if (string.IsNullOrWhiteSpace(body.From))
        {
            errors.Add("from", "The sender's address or phone number is required.");
            return (null, null);
        }

        if (body.Channel == StepChannel.Email)
        {
            var email = ContactValidator.NormaliseEmail(body.From);
            if (email is null)
            {
                errors.Add("from", "This is not a valid email address.");
            }

            return (email, null);
        }

        var phone = ContactValidator.NormalisePhone(body.From);
        if (body.Channel == StepChannel.Sms && phone is null)
        {
            errors.Add("from", "Use a valid phone number in E.164 form, such as +14155550123.");
        }

        return (null, phone);
    }
}
