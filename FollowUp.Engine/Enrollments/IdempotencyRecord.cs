namespace FollowUp.Engine.Enrollments;

/// <summary>What is kept for an <c>Idempotency-Key</c>: the request's hash, the enrollment id chosen for it, and once stored, the answer.</summary>
/// <param name="RequestHash">The hash of the request body, to tell a true repeat from a reused key.</param>
/// <param name="EnrollmentId">The id the enrollment was given before it was stored.</param>
/// <param name="StatusCode">The status of the first answer; null while the request has not finished.</param>
/// <param name="Body">The body of the first answer; null while the request has not finished.</param>
public sealed record IdempotencyRecord(string RequestHash, string EnrollmentId, int? StatusCode = null, string? Body = null)
{
    /// <summary>Whether the first answer is stored.</summary>
    public bool IsAnswered => StatusCode is not null && Body is not null;
}
