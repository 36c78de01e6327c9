namespace FollowUp.Engine.Channels;

/// <summary>A provider refused a message for a reason that a retry would not change; the step fails with this message.</summary>
public sealed class PermanentSendException(string message) : Exception(message);
