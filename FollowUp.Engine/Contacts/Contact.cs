namespace FollowUp.Engine.Contacts;

/// <summary>A person a business follows up with, found again by email or phone.</summary>
/// <param name="Id">Opaque id; enrollment ids start with it.</param>
/// <param name="Email">Lower-cased address, or null.</param>
/// <param name="Phone">E.164 number, or null.</param>
/// <param name="FirstName">Given name, for personalisation.</param>
/// <param name="LastName">Family name.</param>
/// <param name="TimeZone">IANA time zone id, or null when unknown.</param>
public sealed record Contact(string Id, string? Email, string? Phone, string? FirstName, string? LastName, string? TimeZone);
