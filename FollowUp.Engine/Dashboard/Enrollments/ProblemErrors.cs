using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>Reads the problem+json answer an engine service gave (the same the API sends) as errors beside a form's fields.</summary>
public static class ProblemErrors
{
    /// <summary>The errors by field (<c>contact.email</c>), and the problem's detail for what names no field; the status code.</summary>
    public static (Dictionary<string, string[]> Errors, string? Detail, int Status) Read(IResult result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status400BadRequest;
        var details = result switch
        {
            ValidationProblem validation => validation.ProblemDetails,
            ProblemHttpResult problem => problem.ProblemDetails,
            _ => null,
        };
        var errors = details is HttpValidationProblemDetails withErrors
            ? new Dictionary<string, string[]>(withErrors.Errors, StringComparer.Ordinal)
            : new Dictionary<string, string[]>(StringComparer.Ordinal);
        return (errors, details?.Detail ?? (errors.Count == 0 ? "FollowUp could not do this." : null), status);
    }
}
