namespace FollowUp.Engine.Channels;

/// <summary>The provider refused a message because the recipient opted out with it (Twilio error 21610); nothing was sent.</summary>
public sealed class RecipientOptedOutException(string message) : Exception(message);
