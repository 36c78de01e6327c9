namespace FollowUp.Engine.Contacts;

/// <summary>A contact as the API receives it; at least one of email and phone is required.</summary>
public sealed record ContactRequest(string? Email, string? Phone, string? FirstName, string? LastName, string? TimeZone);
