using System.Text.Json;
using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Enrollments;

/// <summary>The body of <c>POST /api/enrollments</c>.</summary>
public sealed record EnrollmentRequest(string? SequenceId, ContactRequest? Contact, JsonElement? Data);
