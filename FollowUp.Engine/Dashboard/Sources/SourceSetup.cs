using FollowUp.Engine.Sources;

namespace FollowUp.Engine.Dashboard.Sources;

/// <summary>What the dashboard says about each kind of source: its name, the trigger it usually maps, and where its secret goes.</summary>
/// <param name="Kind">The kind of source.</param>
/// <param name="Slug">The kind as the address and the API name it (<c>shopify</c>).</param>
/// <param name="Title">The kind in words ("Shopify store").</param>
/// <param name="Summary">What a delivery of this kind is, in one sentence.</param>
/// <param name="ExampleTrigger">The trigger most businesses map first.</param>
/// <param name="TriggerHint">Which triggers the kind sends, in words.</param>
/// <param name="Steps">Where, in the sender's own admin, the delivery address and the secret go.</param>
public sealed record SourceSetup(SourceKind Kind, string Slug, string Title, string Summary, string ExampleTrigger, string TriggerHint, IReadOnlyList<string> Steps)
{
    /// <summary>Every kind, in the order the dashboard offers them.</summary>
    public static readonly IReadOnlyList<SourceSetup> All =
    [
        new(SourceKind.Form, "form", "Website form", "A form on your own website: each person who sends it starts a follow-up.", "submit", "",
            ["Copy the form below into a page of your website, or point your own form's action at the delivery address and use the same field names.", "Forms have no secret: a hidden trap field and a limit on submissions keep robots out."]),
        new(SourceKind.Shopify, "shopify", "Shopify store", "Orders and checkouts from your Shopify store.", "orders/create", "A Shopify webhook topic, such as orders/create, checkouts/create or customers/create.",
            ["In Shopify admin, open Settings → Notifications → Webhooks and choose Create webhook.", "Pick the event that matches the topic below, format JSON, and paste the delivery address as the URL.", "Shopify shows the key it signs webhooks with under the list of webhooks (\"Your webhooks will be signed with…\"). Put that key in the app setting named below."]),
        new(SourceKind.Woocommerce, "woocommerce", "WooCommerce store", "Orders and customers from your WooCommerce shop.", "order.created", "A WooCommerce webhook topic, such as order.created or customer.created.",
            ["In WordPress, open WooCommerce → Settings → Advanced → Webhooks and choose Add webhook.", "Set Status to Active, pick the topic below and paste the delivery address as the Delivery URL.", "Make up a long secret (at least 16 characters), type it in the webhook's Secret field, and put the same value in the app setting named below."]),
        new(SourceKind.Typeform, "typeform", "Typeform", "Answers to one of your Typeform forms.", "form_response", "form_response for finished answers (form_response_partial for partial ones).",
            ["In Typeform, open the form, then Connect → Webhooks and choose Add a webhook with the delivery address.", "Edit the webhook, make up a long secret (at least 16 characters) and paste it in its Secret field; put the same value in the app setting named below.", "Turn the webhook on: Typeform adds webhooks switched off."]),
        new(SourceKind.Webhook, "webhook", "Other app (Standard Webhooks)", "Any app that sends webhooks the Standard Webhooks way (signed with a whsec_ secret).", "lead.created", "The type field the sender puts in its events, such as lead.created.",
            ["In the sending app, add a webhook endpoint with the delivery address.", "The app gives you its signing secret, which starts with whsec_. Put it in the app setting named below."]),
    ];

    /// <summary>The setup of <paramref name="kind"/>.</summary>
    public static SourceSetup Of(SourceKind kind) => All.First(setup => setup.Kind == kind);

    /// <summary>The setup named <paramref name="slug"/> in an address, or null.</summary>
    public static SourceSetup? Find(string? slug) => All.FirstOrDefault(setup => setup.Slug == slug);

    /// <summary>A name for the app setting that will hold this kind's secret.</summary>
    public string SuggestedSecretSetting => SourceSecrets.Prefix + Kind switch
    {
        SourceKind.Woocommerce => "WooCommerce",
        SourceKind.Webhook => "Webhook",
        _ => Kind.ToString(),
    };
}
