using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>Puts due steps on the queue the dispatcher listens to.</summary>
public sealed class StepQueue(FollowUpStorage storage)
{
    /// <summary>The longest visibility delay the queue service accepts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    /// <summary>Enqueues <paramref name="message"/>, invisible for <paramref name="delay"/> rounded up to a whole second (the queue service's unit), clamped to 0…7 days.</summary>
    /// <remarks>Rounding down would let the message surface up to a second before it is due, and the dispatcher would read the enrollment only to wait.</remarks>
    public async Task EnqueueAsync(StepMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : delay >= MaxDelay ? MaxDelay : TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
        await storage.StepQueue.SendMessageAsync(message.ToJson(), visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }

    /// <summary>Enqueues a body as it was received, unread, invisible for <paramref name="delay"/>: for a message this code cannot read.</summary>
    public async Task PutBackAsync(string body, TimeSpan delay, CancellationToken cancellationToken) =>
        await storage.StepQueue.SendMessageAsync(body, delay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
}
