using System.Diagnostics;
using Azure.Storage.Queues;

namespace FollowUp.Benchmarks.Transactions;

/// <summary>The storage's own pace: messages received and deleted by plain workers, with no engine work in between.</summary>
internal static class RawQueueRun
{
    private const string QueueName = "raw-receive-delete";

    /// <summary>A message as long as a step message (the ids of an enrollment, a step and a version).</summary>
    private static readonly string Body = new('x', 96);

    /// <summary>Puts <paramref name="messages"/> messages on a queue of its own, then times <paramref name="workers"/> workers that each receive up to <paramref name="batchSize"/> at a time and delete them one by one.</summary>
    public static async Task<TimeSpan> RunAsync(string connectionString, int messages, int workers, int batchSize, CancellationToken cancellationToken)
    {
        var queue = new QueueClient(connectionString, QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, messages),
            new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
            async (_, ct) => await queue.SendMessageAsync(Body, ct));

        var deleted = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                while (Volatile.Read(ref deleted) < messages)
                {
                    var batch = (await queue.ReceiveMessagesAsync(batchSize, TimeSpan.FromMinutes(1), cancellationToken)).Value;
                    if (batch.Length == 0)
                    {
                        // Other workers hold the last messages.
                        await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
                        continue;
                    }

                    foreach (var message in batch)
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                        Interlocked.Increment(ref deleted);
                    }
                }
            },
            cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        await queue.DeleteAsync(cancellationToken);
        return elapsed;
    }
}
