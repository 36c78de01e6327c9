using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Http;

/// <summary>Reads a request body whole, within the API's size limit.</summary>
public static class RequestBody
{
    /// <summary>The largest body the API accepts.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The body's bytes, or 413 when it is larger than <paramref name="maxBytes"/> (<see cref="MaxBytes"/> unless given).</summary>
    public static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken, int maxBytes = MaxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, Problems.TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }
}
