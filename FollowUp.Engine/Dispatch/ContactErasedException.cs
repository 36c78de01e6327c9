namespace FollowUp.Engine.Dispatch;

/// <summary>The contact of a step is being erased (or is gone): the step is dropped, never sent, and nothing is written for it.</summary>
public sealed class ContactErasedException(string message) : Exception(message);
