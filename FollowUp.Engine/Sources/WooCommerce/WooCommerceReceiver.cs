using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sources.WooCommerce;

/// <summary>Reads WooCommerce webhooks: checks <c>X-WC-Webhook-Signature</c>, keys them by <c>X-WC-Webhook-Topic</c>, and drops repeats of the same signed body (see <see cref="ShopWebhookReceiver"/>).</summary>
/// <remarks>
/// <para>WooCommerce's <c>X-WC-Webhook-Delivery-ID</c> is not used: it is outside the signature, and it is made from the
/// webhook's id and the current second, so two deliveries in one second share it.</para>
/// <para>On saving a webhook WooCommerce posts an unsigned form, <c>webhook_id=12</c>, and keeps the webhook only if it is
/// answered 200; that ping is ignored and answered like any delivery.</para>
/// <para>The contact is the customer's own <c>email</c>, <c>first_name</c> and <c>last_name</c> (customer topics), then the
/// <c>billing</c> and <c>shipping</c> addresses; their phones are read in the address's <c>country</c>. The enrollment's data keeps
/// WooCommerce's names: <c>id</c>, <c>number</c>, <c>status</c>, <c>currency</c>, <c>total</c>, and <c>line_items</c> with
/// <c>name</c> (HTML entities decoded), <c>quantity</c>, <c>price</c> and <c>total</c>; each only when the payload has it.</para>
/// </remarks>
public sealed class WooCommerceReceiver() : ShopWebhookReceiver("X-WC-Webhook-Signature", "X-WC-Webhook-Topic")
{
    private const string PingPrefix = "webhook_id=";

    private static readonly string[] DataFields = ["id", "number", "status", "currency", "total"];

    private static readonly string[] LineItemFields = ["name", "quantity", "price", "total"];

    /// <inheritdoc />
    public override SourceKind Kind => SourceKind.Woocommerce;

    /// <inheritdoc />
    public override Task<ReceivedDelivery> ReceiveAsync(HttpRequest request, ReadOnlyMemory<byte> body, Source source, string? secret, CancellationToken cancellationToken) =>
        IsPing(request, body.Span)
            ? Task.FromResult<ReceivedDelivery>(new ReceivedDelivery.Ignored("WooCommerce checks the delivery URL of a new webhook."))
            : base.ReceiveAsync(request, body, source, secret, cancellationToken);

    /// <inheritdoc />
    protected override ReceivedDelivery Read(string deliveryKey, string topic, JsonElement root)
    {
        var billing = Child(root, "billing");
        var shipping = Child(root, "shipping");
        var contact = Contact(
            [Text(root, "email"), Text(billing, "email")],
            [(Text(billing, "phone"), Text(billing, "country")), (Text(shipping, "phone"), Text(shipping, "country"))],
            [root, billing, shipping]);
        if (contact is null)
        {
            return new ReceivedDelivery.Ignored($"The WooCommerce {topic} delivery names no valid email or phone.");
        }

        return new ReceivedDelivery.Accepted(deliveryKey, topic, contact, Compact(root, DataFields, LineItemFields, decodeItemText: true), null);
    }

    /// <summary>Whether this is the unsigned <c>webhook_id=…</c> form post WooCommerce sends when a webhook is saved.</summary>
    private bool IsPing(HttpRequest request, ReadOnlySpan<byte> body)
    {
        if (request.Headers.ContainsKey(SignatureHeader) || request.Headers.ContainsKey(TopicHeader) || body.Length > 64)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(body);
        return text.StartsWith(PingPrefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(PingPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
