using System.Text;
using System.Text.Json;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sources.Typeform;

/// <summary>Receives Typeform webhooks: checks <c>Typeform-Signature</c>, then reads the response's answers into a contact and data.</summary>
/// <remarks>
/// Typeform signs the raw body: <c>sha256=</c> followed by the base64 HMAC-SHA256 of the body keyed with the webhook's secret.
/// A source without a secret refuses every delivery, since an unsigned Typeform webhook could come from anyone.
/// </remarks>
public sealed class TypeformReceiver : ISourceReceiver
{
    /// <summary>The header that carries Typeform's signature.</summary>
    public const string SignatureHeader = "Typeform-Signature";

    private const string SignaturePrefix = "sha256=";

    /// <summary>The field refs a Typeform source reads the contact from, since Typeform sources have no form settings.</summary>
    private static readonly FormFields DefaultFields = new();

    /// <inheritdoc />
    public SourceKind Kind => SourceKind.Typeform;

    /// <inheritdoc />
    public Task<ReceivedDelivery> ReceiveAsync(HttpRequest request, ReadOnlyMemory<byte> body, Source source, string? secret, CancellationToken cancellationToken)
    {
        if (!IsSigned(request.Headers[SignatureHeader].ToString(), body.Span, secret))
        {
            return Task.FromResult<ReceivedDelivery>(new ReceivedDelivery.Refused(
                Problems.Unauthorized($"The {SignatureHeader} header is missing or wrong: send sha256= and the base64 HMAC-SHA256 of the body, keyed with the source's secret.")));
        }

        return Task.FromResult(Read(body, source.Form?.Fields ?? DefaultFields));
    }

    /// <inheritdoc />
    public IResult Answer(Source source, DeliveryOutcome outcome) => FollowUpJson.Result(outcome);

    private static bool IsSigned(string signature, ReadOnlySpan<byte> body, string? secret) =>
        secret is { Length: >= SourceSecrets.MinimumLength }
        && signature.StartsWith(SignaturePrefix, StringComparison.Ordinal)
        && Signatures.Base64Matches(signature[SignaturePrefix.Length..], Signatures.HmacSha256(Encoding.UTF8.GetBytes(secret), body));

    private static ReceivedDelivery Read(ReadOnlyMemory<byte> body, FormFields fields)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Invalid("body", "The body is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid("body", "The body is not a JSON object.");
            }

            if (TypeformJson.Text(root, "event_id") is not { } eventId)
            {
                return Invalid("event_id", "Typeform deliveries carry an event_id; it is missing.");
            }

            if (TypeformJson.Text(root, "event_type") is not { } eventType)
            {
                return Invalid("event_type", "Typeform deliveries carry an event_type; it is missing.");
            }

            var formResponse = TypeformJson.Object(root, "form_response");
            if (formResponse.ValueKind != JsonValueKind.Object)
            {
                return Invalid("form_response", "Typeform deliveries carry a form_response object; it is missing.");
            }

            var (contact, data) = TypeformResponseReader.Read(formResponse, fields);
            return new ReceivedDelivery.Accepted(eventId, eventType, contact, data, EnrollmentKey: null);
        }
    }

    private static ReceivedDelivery.Refused Invalid(string field, string message) => new(Problems.Validation(field, message));
}
