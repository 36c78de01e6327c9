using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Storage;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The queue trigger that sends one due step per message.</summary>
public sealed class DispatchFunctions(StepDispatcher dispatcher)
{
    /// <summary>Dispatches one step message, passing on how often the queue has delivered it.</summary>
    /// <remarks><paramref name="dequeueCount"/> is bound by name from the trigger's <c>DequeueCount</c> metadata (a long in
    /// the Storage Queues extension 5.x); after <c>maxDequeueCount</c> (host.json) deliveries the host moves the message to
    /// the queue's <c>-poison</c> queue. The queue's name comes from the <c>FOLLOWUP_STEP_QUEUE</c> app setting, since it
    /// carries the storage prefix.</remarks>
    [Function(nameof(DispatchStep))]
    public Task DispatchStep(
        [QueueTrigger("%" + StorageNames.StepQueueSetting + "%", Connection = StorageNames.ConnectionSetting)] string message,
        long dequeueCount,
        CancellationToken ct)
        => dispatcher.DispatchAsync(message, dequeueCount, ct);
}
