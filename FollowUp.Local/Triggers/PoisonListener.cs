using Azure.Storage.Queues.Models;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Options;

namespace FollowUp.Local.Triggers;

/// <summary>Hands each message of <c>followups-poison</c> to the engine's <see cref="DeadLetterHandler"/>, as the Functions app's poison queue trigger does.</summary>
/// <remarks>
/// The queue is polled as the Functions host polls every queue it triggers on: with <see cref="PollingBackoff"/> up to
/// <c>maxPollingInterval</c> while it is empty, again at once after a batch. Dead letters are rare, so messages are handled one at a time.
/// A message is deleted only after it was handled; a failure leaves it to show again after a minute.
/// </remarks>
public sealed class PoisonListener(FollowUpStorage storage, DeadLetterHandler handler, IOptions<QueueTriggerOptions> options, TimeProvider time, ILogger<PoisonListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = new PollingBackoff(settings.MaxPollingInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                QueueMessage[] batch = (await storage.StepPoisonQueue.ReceiveMessagesAsync(settings.BatchSize, Lease, stoppingToken)).Value;
                foreach (var message in batch)
                {
                    await HandleAsync(message, settings.MaxDequeueCount, stoppingToken);
                }

                if (batch.Length > 0)
                {
                    backoff.Next(found: true);
                    continue;
                }

                await Task.Delay(backoff.Next(found: false), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Could not receive from {PoisonQueue}; retrying", storage.StepPoisonQueue.Name);
                await Task.Delay(backoff.Next(found: false), time, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(QueueMessage message, int dequeueCount, CancellationToken stoppingToken)
    {
        try
        {
            await handler.HandleAsync(message.Body.ToString(), dequeueCount, stoppingToken);
            await storage.StepPoisonQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Handling dead letter {MessageId} failed; it shows again after its lease", message.MessageId);
        }
    }
}
