using System.Text.Json;
using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Events;

/// <summary>The body of <c>POST /api/events</c>: something the contact did, such as <c>order_placed</c>.</summary>
public sealed record EventRequest(string? Name, ContactRequest? Contact, JsonElement? Data);
