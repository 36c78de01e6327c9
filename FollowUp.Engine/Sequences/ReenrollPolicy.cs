using System.Text.Json.Serialization;

namespace FollowUp.Engine.Sequences;

/// <summary>Whether a contact may be enrolled again into a sequence it was enrolled in before.</summary>
public enum ReenrollPolicy
{
    /// <summary>Never: a contact ever enrolled in the sequence is refused.</summary>
    [JsonStringEnumMemberName("never")]
    Never,

    /// <summary>Once the earlier enrollment has ended (completed or halted); refused while it is active.</summary>
    [JsonStringEnumMemberName("after-completion")]
    AfterCompletion,

    /// <summary>Always: an active earlier enrollment is halted (reason <c>reenrolled</c>) and the new one starts.</summary>
    [JsonStringEnumMemberName("always")]
    Always,
}
