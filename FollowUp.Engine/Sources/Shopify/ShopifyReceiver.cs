using System.Text.Json;

namespace FollowUp.Engine.Sources.Shopify;

/// <summary>Reads Shopify webhooks: checks <c>X-Shopify-Hmac-Sha256</c>, keys them by <c>X-Shopify-Topic</c>, and drops repeats of the same signed body (see <see cref="ShopWebhookReceiver"/>).</summary>
/// <remarks>
/// <para>The contact's email is the order's or checkout's own <c>email</c> (where Shopify sends its own notifications), then
/// <c>contact_email</c>, then <c>customer.email</c>. The phone is the top-level <c>phone</c>, then <c>customer.phone</c>, then the
/// phone of <c>billing_address</c>, <c>shipping_address</c> and the customer's <c>default_address</c>, each read in its address's
/// <c>country_code</c>. The name comes from the payload itself (a customer), then <c>customer</c>, then the billing and shipping
/// addresses.</para>
/// <para>The enrollment's data keeps Shopify's own names: <c>id</c>, <c>token</c>, <c>name</c>, <c>order_number</c>, <c>currency</c>,
/// <c>total_price</c>, <c>subtotal_price</c>, <c>total_discounts</c>, <c>abandoned_checkout_url</c>, <c>order_status_url</c>,
/// <c>completed_at</c>, and <c>line_items</c> with <c>title</c>, <c>variant_title</c>, <c>quantity</c> and <c>price</c>; each
/// only when the payload has it.</para>
/// <para><c>checkouts/create</c> and <c>checkouts/update</c> carry the checkout <c>token</c> as enrollment key, so that an
/// abandoned checkout enrolls once and its later updates refresh that enrollment's data.</para>
/// </remarks>
public sealed class ShopifyReceiver() : ShopWebhookReceiver("X-Shopify-Hmac-Sha256", "X-Shopify-Topic")
{
    private static readonly string[] DataFields =
    [
        "id", "token", "name", "order_number", "currency", "total_price", "subtotal_price", "total_discounts",
        "abandoned_checkout_url", "order_status_url", "completed_at",
    ];

    private static readonly string[] LineItemFields = ["title", "variant_title", "quantity", "price"];

    /// <inheritdoc />
    public override SourceKind Kind => SourceKind.Shopify;

    /// <inheritdoc />
    protected override ReceivedDelivery Read(string deliveryKey, string topic, JsonElement root)
    {
        var customer = Child(root, "customer");
        var billing = Child(root, "billing_address");
        var shipping = Child(root, "shipping_address");
        var defaultAddress = Child(customer ?? root, "default_address");
        var contact = Contact(
            [Text(root, "email"), Text(root, "contact_email"), Text(customer, "email")],
            [
                (Text(root, "phone"), null),
                (Text(customer, "phone"), null),
                (Text(billing, "phone"), Text(billing, "country_code")),
                (Text(shipping, "phone"), Text(shipping, "country_code")),
                (Text(defaultAddress, "phone"), Text(defaultAddress, "country_code")),
            ],
            [root, customer, billing, shipping]);
        if (contact is null)
        {
            return new ReceivedDelivery.Ignored($"The Shopify {topic} delivery names no valid email or phone.");
        }

        var enrollmentKey = topic is "checkouts/create" or "checkouts/update" ? Text(root, "token") : null;
        return new ReceivedDelivery.Accepted(deliveryKey, topic, contact, Compact(root, DataFields, LineItemFields, decodeItemText: false), enrollmentKey);
    }
}
