namespace FollowUp.Engine.Channels;

/// <summary>How a provider answered a send.</summary>
public enum SendResultKind
{
    /// <summary>The provider accepted the message.</summary>
    Sent,

    /// <summary>The provider refused the message for a reason a retry would not change; nothing was sent.</summary>
    Refused,

    /// <summary>The provider refused the message because the recipient opted out with it; nothing was sent.</summary>
    OptedOut,

    /// <summary>The provider asked to slow down (a rate limit); this request sent nothing.</summary>
    Throttled,

    /// <summary>The provider could not be reached, timed out or failed; whether it accepted the message is unknown.</summary>
    Unavailable,
}
