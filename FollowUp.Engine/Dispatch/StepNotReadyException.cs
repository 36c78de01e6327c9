namespace FollowUp.Engine.Dispatch;

/// <summary>A step message arrived before the state it refers to can be read; the queue retries it later.</summary>
public sealed class StepNotReadyException(string message) : Exception(message);
