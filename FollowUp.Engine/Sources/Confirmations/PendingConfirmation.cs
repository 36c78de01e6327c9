using System.Text.Json;
using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Sources.Confirmations;

/// <summary>A form submission held until its contact confirms it by the signed link sent to them.</summary>
/// <param name="Id">The confirmation's random id, which the link signs.</param>
/// <param name="SourceId">The form source it was submitted to.</param>
/// <param name="Contact">The contact, validated.</param>
/// <param name="Data">The submission's data.</param>
/// <param name="ExpiresUtc">After this the link no longer confirms.</param>
/// <param name="ConfirmedUtc">When it was confirmed, or null while pending.</param>
public sealed record PendingConfirmation(string Id, string SourceId, ContactRequest Contact, JsonElement Data, DateTimeOffset ExpiresUtc, DateTimeOffset? ConfirmedUtc);
