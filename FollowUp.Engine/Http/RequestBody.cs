using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Http;

/// <summary>Reads a request body whole, within the API's size limit.</summary>
public static class RequestBody
{
    /// <summary>The largest body the API accepts.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The body's bytes; 413 when it is larger than <paramref name="maxBytes"/> (<see cref="MaxBytes"/> unless given), 400 when its framing is broken.</summary>
    /// <remarks>
    /// Kestrel reports a body cut short (fewer bytes than <c>Content-Length</c>) or a malformed chunk as a
    /// <see cref="BadHttpRequestException"/> from the read; it is the client's fault, so it is answered here, the same in
    /// both hosts, rather than reaching the host's exception handler as a 500.
    /// </remarks>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken, int maxBytes = MaxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, Problems.TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception)
        {
            return (null, Refusal(exception, maxBytes));
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>The answer to a body the server could not read: 413 when it was over a server limit, otherwise 400 naming the body.</summary>
    private static IResult Refusal(BadHttpRequestException exception, int maxBytes = MaxBytes) =>
        exception.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? Problems.TooLarge(maxBytes)
            : Problems.Validation("body", "The body could not be read: it was cut short or its framing (Content-Length, chunks) is broken.");
}
