using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using PhoneNumbers;

namespace FollowUp.Engine.Sources;

/// <summary>What the shop webhooks (Shopify and WooCommerce) have in common: a base64 HMAC-SHA256 of the raw body, a topic in a header, a JSON object body, and a contact scattered over the customer and the addresses.</summary>
/// <remarks>
/// <para>Repeats are dropped on the topic and the SHA-256 of the signed body, not on the shop's delivery id header: that
/// header is outside the signature, so a captured delivery could be replayed under a fresh id. A retry or a duplicate of
/// one event has the same bytes; a genuine later change of the resource has a new <c>updated_at</c> (Shopify) or
/// <c>date_modified</c> (WooCommerce), so new bytes. The topic header is not signed either, so a captured body could still
/// be replayed once under each other topic the source maps.</para>
/// <para>A shop retries a delivery that is not answered 2xx and, after a run of failures, disables the webhook. So a contact field the
/// engine could not accept (a phone written as <c>555-555-SHIP</c>, a mistyped email) is left out here rather than sent on to a
/// 400, and a delivery left with neither email nor phone is ignored.</para>
/// </remarks>
/// <param name="signatureHeader">The header with the base64 HMAC-SHA256 of the raw body, keyed with the UTF-8 bytes of the secret.</param>
/// <param name="topicHeader">The header with the topic, the key of <see cref="Source.On"/>.</param>
public abstract class ShopWebhookReceiver(string signatureHeader, string topicHeader) : ISourceReceiver
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <inheritdoc />
    public abstract SourceKind Kind { get; }

    /// <summary>The header with the signature.</summary>
    protected string SignatureHeader { get; } = signatureHeader;

    /// <summary>The header with the topic.</summary>
    protected string TopicHeader { get; } = topicHeader;

    /// <inheritdoc />
    public virtual Task<ReceivedDelivery> ReceiveAsync(HttpRequest request, ReadOnlyMemory<byte> body, Source source, string? secret, CancellationToken cancellationToken) =>
        Task.FromResult(Receive(request, body, secret));

    /// <inheritdoc />
    public IResult Answer(Source source, DeliveryOutcome outcome) => FollowUpJson.Result(outcome);

    /// <summary>What an authentic delivery says.</summary>
    /// <param name="deliveryKey">The key repeats are dropped on: the topic and the SHA-256 of the signed body.</param>
    /// <param name="topic">The value of the topic header.</param>
    /// <param name="root">The body, a JSON object.</param>
    protected abstract ReceivedDelivery Read(string deliveryKey, string topic, JsonElement root);

    private ReceivedDelivery Receive(HttpRequest request, ReadOnlyMemory<byte> body, string? secret)
    {
        if (!IsSigned(secret, request.Headers[SignatureHeader], body.Span))
        {
            return new ReceivedDelivery.Refused(Problems.Unauthorized($"The {SignatureHeader} header is missing or wrong."));
        }

        if (!TryGetHeader(request, TopicHeader, out var topic, out var problem) || !TryParseObject(body, out var root, out problem))
        {
            return new ReceivedDelivery.Refused(problem);
        }

        return Read($"{topic}:{Convert.ToHexStringLower(SHA256.HashData(body.Span))}", topic, root);
    }

    private static bool IsSigned(string? secret, string? signature, ReadOnlySpan<byte> body) =>
        secret is { Length: >= SourceSecrets.MinimumLength }
        && Signatures.Base64Matches(signature, Signatures.HmacSha256(Encoding.UTF8.GetBytes(secret), body));

    private static bool TryGetHeader(HttpRequest request, string name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out IResult? problem)
    {
        value = request.Headers[name].ToString().Trim();
        problem = value.Length == 0 ? Problems.Validation(name, "This header is required.") : null;
        return problem is null;
    }

    private static bool TryParseObject(ReadOnlyMemory<byte> body, out JsonElement root, [NotNullWhen(false)] out IResult? problem)
    {
        root = default;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = Problems.Validation("$", "A JSON object is required.");
                return false;
            }

            root = document.RootElement.Clone();
            problem = null;
            return true;
        }
        catch (JsonException)
        {
            problem = Problems.Validation("$", "The body is not valid JSON.");
            return false;
        }
    }

    /// <summary>The object held by <paramref name="name"/>, if <paramref name="parent"/> is an object that has one.</summary>
    protected static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object
            ? child
            : null;

    /// <summary>The text of a string or number property, trimmed; null when it is missing, empty or of another kind.</summary>
    protected static string? Text(JsonElement? parent, string name)
    {
        if (parent is not { ValueKind: JsonValueKind.Object } element || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()?.Trim(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>The contact made of the first valid email, the first valid phone and the first name found; null when there is neither email nor phone.</summary>
    /// <param name="emails">The email addresses, most trusted first.</param>
    /// <param name="phones">The phone numbers with the ISO country of their address (null for numbers the shop keeps in E.164), most trusted first.</param>
    /// <param name="people">The objects that may carry <c>first_name</c> and <c>last_name</c>, most trusted first.</param>
    protected static ContactRequest? Contact(ReadOnlySpan<string?> emails, ReadOnlySpan<(string? Number, string? Country)> phones, ReadOnlySpan<JsonElement?> people)
    {
        string? email = null;
        foreach (var candidate in emails)
        {
            if (candidate is not null && ContactValidator.NormaliseEmail(candidate) is not null)
            {
                email = candidate;
                break;
            }
        }

        string? phone = null;
        foreach (var (number, country) in phones)
        {
            if ((phone = E164(number, country)) is not null)
            {
                break;
            }
        }

        if (email is null && phone is null)
        {
            return null;
        }

        foreach (var person in people)
        {
            var (firstName, lastName) = (Text(person, "first_name"), Text(person, "last_name"));
            if (firstName is not null || lastName is not null)
            {
                return new ContactRequest(email, phone, firstName, lastName, null);
            }
        }

        return new ContactRequest(email, phone, null, null, null);
    }

    /// <summary>A small object for templates: the named fields of <paramref name="root"/> as they are, and its <c>line_items</c> cut down to <paramref name="itemFields"/>.</summary>
    /// <param name="root">The payload.</param>
    /// <param name="fields">The top-level fields to keep; missing and null ones are left out.</param>
    /// <param name="itemFields">The fields to keep of each line item.</param>
    /// <param name="decodeItemText">Whether the line items' text holds HTML entities to decode (WooCommerce writes <c>&amp;ndash;</c> in product names).</param>
    protected static JsonElement Compact(JsonElement root, ReadOnlySpan<string> fields, ReadOnlySpan<string> itemFields, bool decodeItemText)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            Copy(root, fields, decode: false, writer);
            if (root.TryGetProperty("line_items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                writer.WriteStartArray("line_items");
                foreach (var item in items.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object))
                {
                    writer.WriteStartObject();
                    Copy(item, itemFields, decodeItemText, writer);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Copy(JsonElement source, ReadOnlySpan<string> fields, bool decode, Utf8JsonWriter writer)
    {
        foreach (var field in fields)
        {
            if (!source.TryGetProperty(field, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }

            if (decode && value.ValueKind == JsonValueKind.String)
            {
                writer.WriteString(field, WebUtility.HtmlDecode(value.GetString()));
            }
            else
            {
                writer.WritePropertyName(field);
                value.WriteTo(writer);
            }
        }
    }

    /// <summary>The number in E.164 when it is a valid one: numbers written nationally (<c>(415) 555-0123</c>) are read in <paramref name="country"/>.</summary>
    private static string? E164(string? number, string? country)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        try
        {
            var parsed = Phones.Parse(number, string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant());
            return Phones.IsValidNumber(parsed) ? ContactValidator.NormalisePhone(Phones.Format(parsed, PhoneNumberFormat.E164)) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
