using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP functions that enroll contacts and read enrollments.</summary>
public sealed class EnrollmentFunctions(EnrollmentEndpoints endpoints)
{
    /// <summary>Enrolls a contact in a sequence.</summary>
    [Function(nameof(CreateEnrollment))]
    public Task<IResult> CreateEnrollment(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FollowUpRoutes.Enrollments)] HttpRequest req,
        CancellationToken ct)
        => endpoints.PostAsync(req, ct);

    /// <summary>Reads the enrollment named in the route.</summary>
    [Function(nameof(GetEnrollment))]
    public Task<IResult> GetEnrollment(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.Enrollment)] HttpRequest req,
        string id,
        CancellationToken ct)
        => endpoints.GetAsync(id, ct);
}
