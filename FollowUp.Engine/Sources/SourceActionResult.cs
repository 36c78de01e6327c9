using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;

namespace FollowUp.Engine.Sources;

/// <summary>What became of acting on an accepted delivery: what it led to, or why nothing was stored, for the caller to answer in its own terms.</summary>
public abstract record SourceActionResult
{
    private SourceActionResult()
    {
    }

    /// <summary>The delivery was acted on, held for confirmation, or needed nothing.</summary>
    /// <param name="Outcome">What it led to.</param>
    public sealed record Acted(DeliveryOutcome Outcome) : SourceActionResult;

    /// <summary>The delivery's contact or data cannot be used.</summary>
    /// <param name="Errors">Each invalid field, named by its JSON path (<c>contact.email</c>), and why.</param>
    public sealed record Invalid(ValidationErrors Errors) : SourceActionResult;

    /// <summary>The enrollment the source maps the delivery to was refused, other than because the contact is enrolled already.</summary>
    /// <param name="Refusal">Why (an unknown sequence, a contact being erased).</param>
    public sealed record NotEnrolled(EnrollmentResult Refusal) : SourceActionResult;

    /// <summary>The form asks its contacts to confirm, and no confirmation message could be sent.</summary>
    /// <param name="Detail">Why, for people.</param>
    public sealed record Unavailable(string Detail) : SourceActionResult;
}
