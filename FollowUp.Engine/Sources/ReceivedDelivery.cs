using System.Text.Json;
using FollowUp.Engine.Contacts;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sources;

/// <summary>What a receiver made of a delivery: something to act on, something to ignore, or a refusal.</summary>
public abstract record ReceivedDelivery
{
    private ReceivedDelivery()
    {
    }

    /// <summary>A delivery to act on.</summary>
    /// <param name="DeliveryId">The key repeats are dropped on, taken from the signed data: the signed <c>webhook-id</c>, Typeform's <c>event_id</c>, or a shop's topic and body hash; null when the sender gives none (forms).</param>
    /// <param name="Trigger">The key of <see cref="Source.On"/> it matches: a topic, a type, or <c>submit</c>.</param>
    /// <param name="Contact">The contact as the delivery gives it, not yet validated.</param>
    /// <param name="Data">A JSON object for the enrollment's data (templates read it as <c>data.*</c>).</param>
    /// <param name="EnrollmentKey">When set, one enrollment per key and sequence: a later delivery with the same key updates that enrollment's data instead of enrolling again (Shopify's checkout token).</param>
    public sealed record Accepted(string? DeliveryId, string Trigger, ContactRequest? Contact, JsonElement Data, string? EnrollmentKey) : ReceivedDelivery;

    /// <summary>A delivery that is authentic but does nothing (a filled honeypot); it gets the normal answer.</summary>
    /// <param name="Reason">Why, for the log.</param>
    public sealed record Ignored(string Reason) : ReceivedDelivery;

    /// <summary>A delivery refused with this problem (401 for a bad signature, 400 for a bad body, 429 over a rate cap).</summary>
    /// <param name="Problem">The problem answer.</param>
    public sealed record Refused(IResult Problem) : ReceivedDelivery;
}
