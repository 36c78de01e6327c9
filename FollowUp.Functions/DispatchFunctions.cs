using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Storage;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The queue trigger that sends one due step per message.</summary>
public sealed class DispatchFunctions(StepDispatcher dispatcher)
{
    /// <summary>Dispatches one step message; the dequeue count is bound from the trigger's DequeueCount metadata.</summary>
    [Function(nameof(DispatchStep))]
    public Task DispatchStep(
        [QueueTrigger(StorageNames.StepQueue, Connection = StorageNames.ConnectionSetting)] string message,
        long dequeueCount,
        CancellationToken ct)
        => dispatcher.DispatchAsync(message, dequeueCount, ct);
}
