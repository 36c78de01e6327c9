using FollowUp.Engine.Failures;
using FollowUp.Engine.Http;
using FollowUp.Engine.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The poison queue trigger, and the HTTP functions that list and replay dead-lettered steps.</summary>
public sealed class FailureFunctions(DeadLetterHandler deadLetters, FailureEndpoints endpoints)
{
    /// <summary>Marks the step of a dead-lettered message failed.</summary>
    /// <remarks>The host copies a message to the poison queue as a new one, so its own dequeue count is not the step queue's;
    /// that was <c>maxDequeueCount</c> (host.json), which <see cref="DeadLetterHandler.MaxDequeueCount"/> matches.</remarks>
    [Function(nameof(HandleDeadLetter))]
    public Task HandleDeadLetter(
        [QueueTrigger("%" + StorageNames.StepQueueSetting + "%-poison", Connection = StorageNames.ConnectionSetting)] string message,
        CancellationToken ct)
        => deadLetters.HandleAsync(message, DeadLetterHandler.MaxDequeueCount, ct);

    /// <summary>Lists the dead-lettered steps, newest first.</summary>
    [Function(nameof(ListFailures))]
    public Task<IResult> ListFailures(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.Failures)] HttpRequest req,
        CancellationToken ct)
        => endpoints.ListAsync(req, ct);

    /// <summary>Puts one dead-lettered step back on schedule.</summary>
    [Function(nameof(ReplayFailure))]
    public Task<IResult> ReplayFailure(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FollowUpRoutes.FailureReplay)] HttpRequest req,
        string enrollmentId,
        string stepId,
        CancellationToken ct)
        => endpoints.ReplayAsync(enrollmentId, stepId, ct);

    /// <summary>Puts every dead-lettered step (up to 1000) back on schedule.</summary>
    [Function(nameof(ReplayFailures))]
    public Task<IResult> ReplayFailures(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FollowUpRoutes.FailuresReplay)] HttpRequest req,
        CancellationToken ct)
        => endpoints.ReplayAllAsync(ct);
}
