using System.Text.Json;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>The body of a queue message: which step of which enrollment is due. It carries ids only.</summary>
public sealed record StepMessage(string EnrollmentId, string StepId, int SequenceVersion)
{
    /// <summary>The rate-limit slot reserved for this send, when the message was put back to wait for it.</summary>
    public DateTimeOffset? SlotUtc { get; init; }

    /// <summary>How many earlier attempts found the provider unavailable (or, for a delivery check, still working).</summary>
    public int? Attempt { get; init; }

    /// <summary>True on a message that asks the provider how an accepted send ended, instead of sending.</summary>
    public bool? CheckDelivery { get; init; }

    /// <summary>The JSON text of the message, in the stored format (<see cref="StorageJson"/>); the queue client base64-encodes it, as the Functions queue trigger expects.</summary>
    public string ToJson() => StorageJson.Serialize(this);

    /// <summary>Reads a message body of any format version up to <see cref="StorageJson.Version"/>.</summary>
    /// <exception cref="FormatException">The body is not a step message.</exception>
    /// <exception cref="NewerStorageFormatException">A newer FollowUp wrote the message.</exception>
    public static StepMessage Parse(string body)
    {
        try
        {
            var message = StorageJson.Deserialize<StepMessage>(body);
            if (message is { EnrollmentId.Length: > 0, StepId.Length: > 0 })
            {
                return message;
            }
        }
        catch (JsonException exception)
        {
            throw new FormatException("The queue message is not a step message.", exception);
        }

        throw new FormatException("The queue message is not a step message.");
    }
}
