using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>The HTTP handler of <c>POST /api/inbound/email</c>: SendGrid Inbound Parse, Postmark inbound, or a raw message.</summary>
/// <remarks>
/// The format is told by the content type: <c>multipart/form-data</c> is SendGrid, <c>application/json</c> is Postmark,
/// <c>message/rfc822</c> is a raw message. Emails carry attachments, so the body limit is <see cref="MaxBytes"/>, larger
/// than the API's; a larger email is answered 413, and the parse service gives up on it after its retries.
/// </remarks>
public sealed class InboundEmailEndpoints(InboundEmailService inbound)
{
    /// <summary>The largest inbound email accepted.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>Reads the email in whichever format it comes, and acts on it.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            return Problems.UnsupportedMediaType("multipart/form-data (SendGrid), application/json (Postmark) or message/rfc822");
        }

        var (body, tooLarge) = await RequestBody.ReadAsync(request, cancellationToken, MaxBytes);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        InboundEmail email;
        try
        {
            switch (contentType.MediaType.Value?.ToLowerInvariant())
            {
                case "multipart/form-data":
                    request.Body = new MemoryStream(body!);
                    email = SendGridInboundParser.Parse(await request.ReadFormAsync(cancellationToken));
                    break;
                case "application/json":
                    email = PostmarkInboundParser.Parse(body!);
                    break;
                case "message/rfc822":
                    email = MimeInboundParser.Parse(new MemoryStream(body!), "$", []);
                    break;
                default:
                    return Problems.UnsupportedMediaType("multipart/form-data (SendGrid), application/json (Postmark) or message/rfc822");
            }
        }
        catch (MalformedInboundEmailException exception)
        {
            return Problems.Validation(exception.Field, exception.Message);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            // A multipart body without its boundaries ends the form reader with an IOException.
            return Problems.Validation("$", "The body is not a readable multipart form.");
        }

        return FollowUpJson.Result(await inbound.HandleAsync(email, cancellationToken));
    }
}
