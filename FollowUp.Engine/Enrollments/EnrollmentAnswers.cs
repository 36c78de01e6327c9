using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Enrollments;

/// <summary>The HTTP answer to an <see cref="EnrollmentResult"/>, the same wherever a request enrolls (the API, a source's delivery).</summary>
public static class EnrollmentAnswers
{
    /// <summary>201 with the <see cref="EnrollmentCreated"/>, or the problem+json of why nothing was enrolled: 400 naming each invalid field, 404 for an unknown sequence, 409 with <c>Retry-After</c> naming <c>contact</c> while it is erased, 409 with the <c>enrollmentId</c> that stands in the way, 422 naming <c>Idempotency-Key</c> when it was used for a different request.</summary>
    public static IResult For(EnrollmentResult result) => result switch
    {
        EnrollmentResult.Created created => FollowUpJson.Result(created.Enrollment, StatusCodes.Status201Created),
        EnrollmentResult.Invalid invalid => Problems.Validation(invalid.Errors),
        EnrollmentResult.SequenceNotFound missing => Problems.NotFound(missing.Detail),
        EnrollmentResult.ContactBeingErased => Problems.BeingErased("contact"),
        EnrollmentResult.AlreadyEnrolled enrolled => Problems.Conflict(enrolled.Detail, new Dictionary<string, object?> { ["enrollmentId"] = enrolled.EnrollmentId }),
        EnrollmentResult.KeyReused => Problems.Unprocessable(EnrollmentEndpoints.IdempotencyHeader, "This key was used for a different request; use a new key for a new request."),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "Not an enrollment result."),
    };
}
