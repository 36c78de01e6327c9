using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Channels;

/// <summary>Writes each SMS as a <c>.json</c> file into the outbox folder; the default SMS channel.</summary>
public sealed class OutboxSmsChannel(OutboxFolder outbox, IOptions<FollowUpOptions> options) : ISmsChannel
{
    private const string Extension = ".json";

    /// <summary>The JSON shape of an outbox SMS file.</summary>
    public sealed record OutboxSms(string To, string From, string Text, string EnrollmentId, string StepId);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        var file = new OutboxSms(sms.To, options.Value.Sms.From, sms.Text, sms.Key.EnrollmentId, sms.Key.StepId);
        await outbox.WriteAsync(
            outbox.PathOf(sms.Key, Extension),
            (stream, ct) => JsonSerializer.SerializeAsync(stream, file, Http.FollowUpJson.Options, ct),
            cancellationToken);
        return SendResult.Sent(MessageId(sms.Key));
    }

    /// <inheritdoc />
    public Task<string?> FindSentAsync(OutgoingSms sms, DateTimeOffset claimedUtc, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(outbox.PathOf(sms.Key, Extension)) ? MessageId(sms.Key) : null);

    private static string MessageId(SendKey key) => $"outbox:{key.EnrollmentId}_{key.StepId}";
}
