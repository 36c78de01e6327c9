using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>An answer that sets response headers, read from the request it answers, before <see cref="Result"/> writes it.</summary>
/// <param name="result">The answer to write.</param>
/// <param name="setHeaders">Sets the headers; it runs when the answer is executed, so it sees the request.</param>
public sealed class ResultWithHeaders(IResult result, Action<HttpContext> setHeaders) : IResult, IStatusCodeHttpResult, INestedHttpResult
{
    /// <summary>The answer written after the headers are set.</summary>
    public IResult Result => result;

    /// <summary>The status code of <see cref="Result"/>, when it tells.</summary>
    public int? StatusCode => (result as IStatusCodeHttpResult)?.StatusCode;

    /// <summary>Sets the headers, then writes <see cref="Result"/>.</summary>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        setHeaders(httpContext);
        return result.ExecuteAsync(httpContext);
    }
}
