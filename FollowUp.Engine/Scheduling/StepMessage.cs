using System.Text.Json;
using System.Text.Json.Serialization;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>The body of a queue message: which step of which enrollment is due. It carries ids only.</summary>
/// <remarks>
/// One stored shape carries three kinds of message: a send (<see cref="SlotUtc"/> set while it waits for a reserved
/// rate-limit slot, <see cref="Attempt"/> after outages), and a delivery check (<see cref="IsDeliveryCheck"/>). The kinds
/// are made only through the named methods below, so the optional members stay consistent; the stored JSON is unchanged.
/// </remarks>
public sealed record StepMessage(string EnrollmentId, string StepId, int SequenceVersion)
{
    /// <summary>The rate-limit slot reserved for this send, when the message was put back to wait for it.</summary>
    public DateTimeOffset? SlotUtc { get; init; }

    /// <summary>How many earlier attempts found the provider unavailable (or, for a delivery check, still working).</summary>
    public int? Attempt { get; init; }

    /// <summary>True on a message that asks the provider how an accepted send ended, instead of sending.</summary>
    public bool? CheckDelivery { get; init; }

    /// <summary>Whether the message asks how an accepted send ended (a delivery check) rather than asking for the send.</summary>
    [JsonIgnore]
    public bool IsDeliveryCheck => CheckDelivery == true;

    /// <summary>The send, put back to wait for the rate-limit slot it reserved.</summary>
    public StepMessage WaitingForSlot(DateTimeOffset slotUtc) => this with { SlotUtc = slotUtc };

    /// <summary>The send, tried again after a wait the provider asked for, with a slot to be reserved afresh.</summary>
    public StepMessage AfterThrottling() => this with { SlotUtc = null };

    /// <summary>The send, tried again after <paramref name="attempt"/> attempts found the provider unavailable, with a slot to be reserved afresh.</summary>
    public StepMessage AfterOutage(int attempt) => this with { SlotUtc = null, Attempt = attempt };

    /// <summary>The first delivery check of this step's accepted send.</summary>
    public StepMessage FirstDeliveryCheck() => this with { CheckDelivery = true, Attempt = null, SlotUtc = null };

    /// <summary>The delivery check after <paramref name="checks"/> checks found the provider still working on it.</summary>
    public StepMessage NextDeliveryCheck(int checks) => this with { Attempt = checks };

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
