using System.Text;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>Reads the text fields of a form body, url-encoded or multipart, within caps on their number and length; file parts are skipped unread.</summary>
public static class FormContentReader
{
    /// <summary>The most text fields a submission may send; each value of a repeated field counts.</summary>
    public const int MaxFields = 100;

    /// <summary>The most characters one value may have.</summary>
    public const int MaxValueLength = 10_000;

    private const string UrlEncoded = "application/x-www-form-urlencoded";
    private const string Multipart = "multipart/form-data";

    /// <summary>The fields in the order sent, or the problem that stops the submission: 415 for another content type, 400 naming the field over a cap or for a body that cannot be read.</summary>
    public static async Task<(IReadOnlyList<KeyValuePair<string, string>> Fields, IResult? Problem)> ReadAsync(
        ReadOnlyMemory<byte> body, string? contentType, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !(mediaType.MediaType.Equals(UrlEncoded, StringComparison.OrdinalIgnoreCase) || mediaType.MediaType.Equals(Multipart, StringComparison.OrdinalIgnoreCase)))
        {
            return ([], Problems.UnsupportedMediaType($"{UrlEncoded} or {Multipart}"));
        }

        var fields = new List<KeyValuePair<string, string>>();
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        try
        {
            var problem = mediaType.MediaType.Equals(UrlEncoded, StringComparison.OrdinalIgnoreCase)
                ? await ReadUrlEncodedAsync(stream, mediaType.Encoding ?? Encoding.UTF8, fields, cancellationToken)
                : await ReadMultipartAsync(stream, mediaType, fields, cancellationToken);
            return problem is null ? (fields, null) : ([], problem);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            return ([], Problems.Validation("body", $"The body is not valid {mediaType.MediaType}."));
        }
    }

    private static async Task<IResult?> ReadUrlEncodedAsync(Stream stream, Encoding encoding, List<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        using var reader = new FormReader(stream, encoding);
        while (await reader.ReadNextPairAsync(cancellationToken) is { } pair)
        {
            if (Add(fields, pair.Key, pair.Value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static async Task<IResult?> ReadMultipartAsync(Stream stream, MediaTypeHeaderValue mediaType, List<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary);
        if (boundary.Length is 0 or > 70)
        {
            return Problems.Validation("body", $"Send {Multipart} with a boundary of 1 to 70 characters.");
        }

        var reader = new MultipartReader(boundary.ToString(), stream);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            var disposition = section.GetContentDispositionHeader();
            if (disposition is null || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || IsFile(disposition))
            {
                continue;
            }

            var field = new FormMultipartSection(section, disposition);
            if (Add(fields, field.Name, await field.GetValueAsync(cancellationToken)) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Whether the part is a file input, including one sent with no file chosen (<c>filename=""</c>).</summary>
    private static bool IsFile(ContentDispositionHeaderValue disposition) =>
        disposition.FileName.HasValue || disposition.FileNameStar.HasValue;

    private static IResult? Add(List<KeyValuePair<string, string>> fields, string name, string value)
    {
        if (name.Length == 0)
        {
            return null;
        }

        if (fields.Count == MaxFields)
        {
            return Problems.Validation(name, $"A form may send at most {MaxFields} fields.");
        }

        if (value.Length > MaxValueLength)
        {
            return Problems.Validation(name, $"Use at most {MaxValueLength} characters.");
        }

        fields.Add(new(name, value));
        return null;
    }
}
