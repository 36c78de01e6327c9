using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Http;

/// <summary>Reads a JSON request body within a size limit, turning every failure into a problem answer.</summary>
public static class JsonBody
{
    /// <summary>The largest body the API accepts.</summary>
    public const int MaxBytes = RequestBody.MaxBytes;

    /// <summary>Reads and deserializes the body, or returns the problem that explains why it cannot.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            return (null, Problems.UnsupportedMediaType("application/json"));
        }

        var (body, tooLarge) = await RequestBody.ReadAsync(request, cancellationToken);
        if (tooLarge is not null)
        {
            return (null, tooLarge);
        }

        return Parse<T>(body!, FollowUpJson.Options);
    }

    /// <summary>Deserializes a body already read, or returns the problem naming the field that is wrong.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="options">The serializer options: the API's strict ones, or a sender's looser ones.</param>
    public static (T? Value, IResult? Problem) Parse<T>(ReadOnlySpan<byte> body, JsonSerializerOptions options)
        where T : class
    {
        var (value, field, error) = Read<T>(body, options);
        return value is null ? (null, Problems.Validation(field!, error!)) : (value, null);
    }

    /// <summary>Deserializes a body, or names the field that is wrong (<c>$</c> for the whole body) and why.</summary>
    public static (T? Value, string? Field, string? Error) Read<T>(ReadOnlySpan<byte> body, JsonSerializerOptions options)
        where T : class
    {
        if (body.Length == 0)
        {
            return (null, "$", "A JSON body is required.");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body, options);
            return value is null ? (null, "$", "A JSON object is required.") : (value, null, null);
        }
        catch (JsonException exception)
        {
            return (null, FieldName(exception.Path), Describe(exception));
        }
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Turns a JSON path such as <c>$.steps[0].after</c> into the field name <c>steps[0].after</c>.</summary>
    internal static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Describe(JsonException exception) =>
        exception.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "This field is not known."
        : exception.Message.Contains("could not be converted", StringComparison.Ordinal) ? "This field has the wrong type."
        : "The body is not valid JSON.";
}
