using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sources.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FollowUp.Tests.Enrollments;

/// <summary>The problem+json each <see cref="EnrollmentResult"/> is answered with, wherever a request enrolls.</summary>
public sealed class EnrollmentAnswersTests
{
    [Fact]
    public void For_Created_Is201WithTheEnrollment()
    {
        var created = new EnrollmentCreated("c1~e1", "welcome", EnrollmentStatus.Active, "hello", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var answer = Assert.IsType<JsonHttpResult<EnrollmentCreated>>(EnrollmentAnswers.For(new EnrollmentResult.Created(created)));

        Assert.Equal(StatusCodes.Status201Created, answer.StatusCode);
        Assert.Equal(created, answer.Value);
    }

    [Theory]
    [InlineData(false, "The contact is already active in sequence 'welcome' as enrollment c1~e1.")]
    [InlineData(true, "The contact was enrolled in sequence 'welcome' before, as enrollment c1~e1, and it does not re-enroll.")]
    public void For_AlreadyEnrolled_Is409NamingTheEnrollment(bool neverReenrolls, string detail)
    {
        var answer = Assert.IsType<ProblemHttpResult>(EnrollmentAnswers.For(new EnrollmentResult.AlreadyEnrolled("c1~e1", "welcome", neverReenrolls)));

        Assert.Equal(StatusCodes.Status409Conflict, answer.StatusCode);
        Assert.Equal("Conflict.", answer.ProblemDetails.Title);
        Assert.Equal(detail, answer.ProblemDetails.Detail);
        Assert.Equal("c1~e1", answer.ProblemDetails.Extensions["enrollmentId"]);
    }

    [Fact]
    public void For_Invalid_Is400NamingEachField()
    {
        var errors = new ValidationErrors();
        errors.Add("contact.email", "Give an email address.");
        errors.Add("data", "Data must be a JSON object.");

        var answer = Assert.IsType<ValidationProblem>(EnrollmentAnswers.For(new EnrollmentResult.Invalid(errors)));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.StatusCode);
        Assert.Equal(["contact.email", "data"], answer.ProblemDetails.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void For_SequenceNotFound_Is404NamingTheSequence()
    {
        var answer = Assert.IsType<ProblemHttpResult>(EnrollmentAnswers.For(new EnrollmentResult.SequenceNotFound("gone")));

        Assert.Equal(StatusCodes.Status404NotFound, answer.StatusCode);
        Assert.Equal("There is no sequence 'gone'.", answer.ProblemDetails.Detail);
    }

    [Fact]
    public void For_ContactBeingErased_Is409NamingTheContact()
    {
        var answer = Assert.IsType<ResultWithHeaders>(EnrollmentAnswers.For(new EnrollmentResult.ContactBeingErased()));

        var problem = Assert.IsType<ProblemHttpResult>(answer.Result);
        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        Assert.Equal([Problems.BeingErasedMessage], Assert.IsType<HttpValidationProblemDetails>(problem.ProblemDetails).Errors["contact"]);
    }

    [Fact]
    public void For_KeyReused_Is422NamingTheIdempotencyKey()
    {
        var answer = Assert.IsType<ProblemHttpResult>(EnrollmentAnswers.For(new EnrollmentResult.KeyReused()));

        Assert.Equal(StatusCodes.Status422UnprocessableEntity, answer.StatusCode);
        Assert.Contains(EnrollmentEndpoints.IdempotencyHeader, Assert.IsType<HttpValidationProblemDetails>(answer.ProblemDetails).Errors.Keys);
    }
}
