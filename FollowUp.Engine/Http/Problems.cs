using System.Globalization;
using FollowUp.Engine.Sources.Forms;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Http;

/// <summary>RFC 7807 answers shared by every handler.</summary>
public static class Problems
{
    /// <summary>400 naming each invalid field.</summary>
    public static IResult Validation(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request has invalid fields.");

    /// <summary>400 naming one invalid field.</summary>
    public static IResult Validation(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Validation(errors);
    }

    /// <summary>422 for a request that is well formed but cannot be processed as it stands.</summary>
    public static IResult Unprocessable(string field, string message) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The request cannot be processed.");

    /// <summary>401 for a request without a valid key or signature; the detail says what is expected, never a secret.</summary>
    public static IResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.");

    /// <summary>403 for a request this host does not take from where it came.</summary>
    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");

    /// <summary>404 for a missing resource.</summary>
    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    /// <summary>409 for a request that conflicts with stored state.</summary>
    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.", extensions: extensions);

    /// <summary>409 naming <paramref name="field"/>, whose contact is being erased, with <c>Retry-After</c>: the erasure ends within seconds.</summary>
    public static IResult BeingErased(string field)
    {
        var seconds = (int)ErasureRetryAfter.TotalSeconds;
        return new ResultWithHeaders(
            Results.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [BeingErasedMessage] },
                statusCode: StatusCodes.Status409Conflict,
                title: "The contact is being erased."),
            context => context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>How long <see cref="BeingErased"/> asks a client to wait.</summary>
    public static readonly TimeSpan ErasureRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>What <see cref="BeingErased"/> says of the field, for a form that shows it beside the field.</summary>
    public static string BeingErasedMessage => $"This contact is being erased; nothing was stored. Try again in {(int)ErasureRetryAfter.TotalSeconds} seconds.";

    /// <summary>413 for a body over the limit.</summary>
    public static IResult TooLarge(long limit) =>
        TypedResults.Problem($"The body is larger than {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large.");

    /// <summary>415 for a body that is not JSON.</summary>
    public static IResult UnsupportedMediaType(string expected) =>
        TypedResults.Problem($"Send the body as {expected}.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.");

    /// <summary>503 when storage does not answer.</summary>
    public static IResult Unavailable(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable.");
}
