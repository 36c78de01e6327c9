using System.Text.Json;
using FollowUp.Engine.Http;

namespace FollowUp.Engine.Scheduling;

/// <summary>The body of a queue message: which step of which enrollment is due. It carries ids only.</summary>
public sealed record StepMessage(string EnrollmentId, string StepId, int SequenceVersion)
{
    /// <summary>The JSON text of the message; the queue client base64-encodes it, as the Functions queue trigger expects.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, FollowUpJson.Options);

    /// <summary>Reads a message body.</summary>
    /// <exception cref="FormatException">The body is not a step message.</exception>
    public static StepMessage Parse(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<StepMessage>(body, FollowUpJson.Options);
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
