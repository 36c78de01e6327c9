using Azure.Storage.Queues.Models;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Options;

namespace FollowUp.Local.Triggers;

/// <summary>Runs the dispatcher on the step queue with the Functions queue trigger's contract.</summary>
/// <remarks>
/// As the Functions host does: messages are received in batches of <c>batchSize</c> and a new batch is fetched when at most
/// <c>newBatchThreshold</c> are in flight; an empty queue is polled with a randomised exponential back-off up to
/// <c>maxPollingInterval</c>; a failed message becomes visible again after <c>visibilityTimeout</c>; a message that failed
/// <c>maxDequeueCount</c> times is copied to <c>&lt;queue&gt;-poison</c> and deleted.
/// </remarks>
public sealed class QueueListener(FollowUpStorage storage, StepDispatcher dispatcher, IOptions<QueueTriggerOptions> options, TimeProvider time, ILogger<QueueListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var inFlight = new HashSet<Task>();
        var delay = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveWhere(task => task.IsCompleted);
            if (inFlight.Count > settings.NewBatchThreshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }

            QueueMessage[] batch;
            try
            {
                batch = (await storage.StepQueue.ReceiveMessagesAsync(settings.BatchSize, settings.ProcessingLease, stoppingToken)).Value;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not receive from the step queue; retrying");
                batch = [];
            }

            if (batch.Length == 0)
            {
                await WaitAsync(delay, stoppingToken);
                delay = NextDelay(delay, settings.MaxPollingInterval);
                continue;
            }

            delay = MinPollingInterval;
            foreach (var message in batch)
            {
                inFlight.Add(ProcessAsync(message, settings, stoppingToken));
            }
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>Dispatches one message and then deletes it, schedules its retry or moves it to the poison queue.</summary>
    private async Task ProcessAsync(QueueMessage message, QueueTriggerOptions settings, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message);
                return;
            }

            await dispatcher.DispatchAsync(message.Body.ToString(), message.DequeueCount, stoppingToken);
            await storage.StepQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message becomes visible again when its lease ends.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Dispatch of message {MessageId} failed on delivery {DequeueCount}", message.MessageId, message.DequeueCount);
            try
            {
                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(message);
                }
                else
                {
                    await storage.StepQueue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
                }
            }
            catch (Exception settleException)
            {
                logger.LogWarning(settleException, "Could not settle message {MessageId}; it reappears when its lease ends", message.MessageId);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message)
    {
        await storage.StepPoisonQueue.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        await storage.StepQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        logger.LogError("Moved message {MessageId} to {PoisonQueue} after {DequeueCount} deliveries", message.MessageId, StorageNames.StepPoisonQueue, message.DequeueCount);
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static TimeSpan NextDelay(TimeSpan current, TimeSpan max)
    {
        var doubled = current * (1.5 + Random.Shared.NextDouble() * 0.5);
        return doubled > max ? max : doubled;
    }
}
