using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sources.Webhooks;

/// <summary>Reads deliveries signed as the Standard Webhooks specification says: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>.</summary>
/// <remarks>
/// The signature is base64 HMAC-SHA256, keyed with the base64 secret after its <c>whsec_</c> prefix, over
/// <c>{id}.{timestamp}.{body}</c>; the header may list several space-separated <c>v1,&lt;signature&gt;</c> entries (while a
/// secret is rotated) and one match is enough. A timestamp more than five minutes from now is refused, so a captured
/// delivery cannot be replayed later; within that time a replay carries the same id and is dropped as a repeat.
/// The body is <c>{"type": "...", "contact": {...}, "data": {...}}</c>; other top-level fields are allowed and ignored.
/// </remarks>
public sealed class StandardWebhookReceiver(TimeProvider time) : ISourceReceiver
{
    /// <summary>How far a delivery's timestamp may be from now.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions BodyOptions = new(FollowUpJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <inheritdoc />
    public SourceKind Kind => SourceKind.Webhook;

    /// <inheritdoc />
    public Task<ReceivedDelivery> ReceiveAsync(HttpRequest request, ReadOnlyMemory<byte> body, Source source, string? secret, CancellationToken cancellationToken) =>
        Task.FromResult(Receive(request.Headers, body.Span, secret));

    /// <inheritdoc />
    public IResult Answer(Source source, DeliveryOutcome outcome) => FollowUpJson.Result(outcome);

    private ReceivedDelivery Receive(IHeaderDictionary headers, ReadOnlySpan<byte> body, string? secret)
    {
        var id = headers["webhook-id"].FirstOrDefault();
        var timestamp = headers["webhook-timestamp"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(id))
        {
            return new ReceivedDelivery.Refused(Problems.Validation("webhook-id", "The webhook-id header is required."));
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new ReceivedDelivery.Refused(Problems.Validation("webhook-timestamp", "The webhook-timestamp header must be Unix seconds."));
        }

        if (!IsSigned(id, timestamp!, body, headers["webhook-signature"].FirstOrDefault(), secret))
        {
            return new ReceivedDelivery.Refused(Problems.Unauthorized("The webhook-signature header is missing or does not match the body."));
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (age.Duration() > Tolerance)
        {
            return new ReceivedDelivery.Refused(Problems.Validation("webhook-timestamp", "The delivery is more than five minutes old or ahead; send it again with a fresh timestamp."));
        }

        var (parsed, problem) = JsonBody.Parse<WebhookBody>(body, BodyOptions);
        if (problem is not null)
        {
            return new ReceivedDelivery.Refused(problem);
        }

        if (string.IsNullOrWhiteSpace(parsed!.Type))
        {
            return new ReceivedDelivery.Refused(Problems.Validation("type", "The body's type is required: it picks what the delivery does."));
        }

        var data = parsed.Data is { ValueKind: JsonValueKind.Object } given ? given : JsonElement.Parse("{}");
        return new ReceivedDelivery.Accepted(id, parsed.Type, parsed.Contact, data, null);
    }

    /// <summary>Whether one of the header's <c>v1</c> signatures is the HMAC of <c>{id}.{timestamp}.{body}</c>.</summary>
    private static bool IsSigned(string id, string timestamp, ReadOnlySpan<byte> body, string? header, string? secret)
    {
        if (header is null || secret is null || SourceSecrets.Weakness(SourceKind.Webhook, secret) is not null)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret[SourceSecrets.WebhookPrefix.Length..]);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        var expected = Signatures.HmacSha256(key, content);
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(entry => entry.StartsWith("v1,", StringComparison.Ordinal))
            .Any(entry => Signatures.Base64Matches(entry[3..], expected));
    }

    /// <summary>The body of a generic webhook delivery.</summary>
    private sealed record WebhookBody(string? Type, ContactRequest? Contact, JsonElement? Data);
}
