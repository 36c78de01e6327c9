using System.ComponentModel.DataAnnotations;

namespace FollowUp.Local.Triggers;

/// <summary>The queue trigger settings of <c>host.json</c> (<c>extensions:queues</c>), with the Functions defaults.</summary>
public sealed class QueueTriggerOptions
{
    public const string Section = "extensions:queues";

    /// <summary>Messages received at once.</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>A new batch is fetched when no more than this many messages are still being processed.</summary>
    [Range(0, 1000)]
    public int NewBatchThreshold { get; set; } = 8;

    /// <summary>Deliveries of one message before it moves to the poison queue.</summary>
    [Range(1, 1000)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a failed message stays invisible before its retry.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>The longest wait between two polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a received message stays invisible at a time while it is processed; renewed every third of it, so a dead worker's message shows again within it.</summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromSeconds(30);
}
