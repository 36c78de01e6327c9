using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Enrollments;

/// <summary>What became of a request to enroll: the enrollment created, or why none was, for the caller to answer in its own terms.</summary>
/// <remarks>Every case but <see cref="Created"/> stored nothing.</remarks>
public abstract record EnrollmentResult
{
    private EnrollmentResult()
    {
    }

    /// <summary>The enrollment was stored and its first step scheduled.</summary>
    /// <param name="Enrollment">The new enrollment, its first step, when that falls due and when it is to be sent.</param>
    public sealed record Created(EnrollmentCreated Enrollment) : EnrollmentResult;

    /// <summary>The request has invalid fields.</summary>
    /// <param name="Errors">Each invalid field, named by its JSON path (<c>contact.email</c>), and why.</param>
    public sealed record Invalid(ValidationErrors Errors) : EnrollmentResult;

    /// <summary>There is no sequence with the id the request gave.</summary>
    /// <param name="SequenceId">The id as given.</param>
    public sealed record SequenceNotFound(string? SequenceId) : EnrollmentResult
    {
        /// <summary>The reason, for people.</summary>
        public string Detail => $"There is no sequence '{SequenceId}'.";
    }

    /// <summary>The contact is being erased; whatever the request stored was erased with it.</summary>
    public sealed record ContactBeingErased : EnrollmentResult
    {
        /// <summary>The reason, for people.</summary>
        public static string Detail => "The contact is being erased.";
    }

    /// <summary>The <c>Idempotency-Key</c> was used before for a different request.</summary>
    public sealed record KeyReused : EnrollmentResult;

    /// <summary>The sequence's reenroll policy refused the contact, who is enrolled already.</summary>
    /// <param name="EnrollmentId">The enrollment that stands in the way: the active one, the earlier one under <see cref="ReenrollPolicy.Never"/>, or the enrollment itself when it was stored before.</param>
    /// <param name="SequenceId">The sequence.</param>
    /// <param name="NeverReenrolls">True when the sequence never re-enrolls and <paramref name="EnrollmentId"/> may have ended; false when it is active.</param>
    public sealed record AlreadyEnrolled(string EnrollmentId, string SequenceId, bool NeverReenrolls) : EnrollmentResult
    {
        /// <summary>The reason, for people.</summary>
        public string Detail => NeverReenrolls
            ? $"The contact was enrolled in sequence '{SequenceId}' before, as enrollment {EnrollmentId}, and it does not re-enroll."
            : $"The contact is already active in sequence '{SequenceId}' as enrollment {EnrollmentId}.";
    }
}
