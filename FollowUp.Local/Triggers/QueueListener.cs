using System.Runtime.CompilerServices;
using Azure.Storage.Queues.Models;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Options;

namespace FollowUp.Local.Triggers;

/// <summary>Runs the dispatcher on the step queue with the Functions queue trigger's contract.</summary>
/// <remarks>
/// As the Functions host does: messages are received in batches of <c>batchSize</c> and a new batch is fetched when at most
/// <c>newBatchThreshold</c> are in flight; an empty queue is polled with the host's randomised exponential back-off up to
/// <c>maxPollingInterval</c> (<see cref="PollingBackoff"/>); a failed message becomes visible again after <c>visibilityTimeout</c>; a message that failed
/// <c>maxDequeueCount</c> times is copied to <c>&lt;queue&gt;-poison</c> and deleted.
/// A message being processed is kept invisible for <c>ProcessingLease</c>, renewed every third of it until the work ends
/// (as the Functions host renews its own), so that the message of a worker that died shows again within one lease.
/// </remarks>
public sealed class QueueListener(FollowUpStorage storage, StepDispatcher dispatcher, IOptions<QueueTriggerOptions> options, TimeProvider time, ILogger<QueueListener> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var inFlight = new HashSet<Task>();
        var backoff = new PollingBackoff(settings.MaxPollingInterval);
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
                await WaitAsync(backoff.Next(found: false), stoppingToken);
                continue;
            }

            backoff.Next(found: true);
            foreach (var message in batch)
            {
                inFlight.Add(ProcessAsync(message, settings, stoppingToken));
            }
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>Dispatches one message, keeping it invisible meanwhile, and then deletes it, schedules its retry or moves it to the poison queue.</summary>
    private async Task ProcessAsync(QueueMessage message, QueueTriggerOptions settings, CancellationToken stoppingToken)
    {
        var popReceipt = new StrongBox<string>(message.PopReceipt);
        using var processing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = KeepInvisibleAsync(message.MessageId, popReceipt, settings.ProcessingLease, processing.Token);
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await processing.CancelAsync();
                await renewal;
                await MoveToPoisonAsync(message, popReceipt.Value);
                return;
            }

            await dispatcher.DispatchAsync(message.Body.ToString(), message.DequeueCount, stoppingToken);
            await processing.CancelAsync();
            await renewal;
            await storage.StepQueue.DeleteMessageAsync(message.MessageId, popReceipt.Value, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message becomes visible again when its lease ends.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Dispatch of message {MessageId} failed on delivery {DequeueCount}", message.MessageId, message.DequeueCount);
            await processing.CancelAsync();
            await renewal;
            try
            {
                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(message, popReceipt.Value);
                }
                else
                {
                    await storage.StepQueue.UpdateMessageAsync(message.MessageId, popReceipt.Value, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
                }
            }
            catch (Exception settleException)
            {
                logger.LogWarning(settleException, "Could not settle message {MessageId}; it reappears when its lease ends", message.MessageId);
            }
        }
    }

    /// <summary>Renews the message's invisibility every third of <paramref name="lease"/> until <paramref name="stop"/>, keeping the newest pop receipt.</summary>
    /// <remarks>A renewal is never cancelled halfway, since its new pop receipt would be lost with it; a failed one is tried again at the next turn.</remarks>
    private async Task KeepInvisibleAsync(string messageId, StrongBox<string> popReceipt, TimeSpan lease, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(lease / 3, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var renewed = await storage.StepQueue.UpdateMessageAsync(messageId, popReceipt.Value, visibilityTimeout: lease, cancellationToken: CancellationToken.None);
                popReceipt.Value = renewed.Value.PopReceipt;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Could not renew the lease of message {MessageId}; trying again", messageId);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string? popReceipt)
    {
        await storage.StepPoisonQueue.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        await storage.StepQueue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
        logger.LogError("Moved message {MessageId} to {PoisonQueue} after {DequeueCount} deliveries", message.MessageId, storage.StepPoisonQueue.Name, message.DequeueCount);
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
}
