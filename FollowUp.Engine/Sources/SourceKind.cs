namespace FollowUp.Engine.Sources;

/// <summary>Where a source's deliveries come from, which decides how they are authenticated and read.</summary>
public enum SourceKind
{
    /// <summary>An HTML form posted from a website.</summary>
    Form,

    /// <summary>Shopify webhooks, keyed by topic (<c>orders/create</c>).</summary>
    Shopify,

    /// <summary>WooCommerce webhooks, keyed by topic (<c>order.created</c>).</summary>
    Woocommerce,

    /// <summary>Typeform webhooks, keyed <c>form_response</c>.</summary>
    Typeform,

    /// <summary>Any sender that follows the Standard Webhooks specification, keyed by the body's <c>type</c>.</summary>
    Webhook,
}
