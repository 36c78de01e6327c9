namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>The fields of the form that enrolls a contact by hand, as typed.</summary>
/// <param name="SequenceId">The sequence chosen.</param>
/// <param name="Email">The contact's email address.</param>
/// <param name="Phone">The contact's phone, E.164.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="TimeZone">IANA time zone.</param>
/// <param name="Data">What the templates read as <c>data.*</c>, as a JSON object.</param>
/// <param name="Key">The form's idempotency key, so a double submit enrolls once.</param>
public sealed record NewEnrollmentForm(string? SequenceId, string? Email, string? Phone, string? FirstName, string? LastName, string? TimeZone, string? Data, string Key);
