namespace FollowUp.Engine.Sequences;

/// <summary>How a step reaches the contact.</summary>
public enum StepChannel
{
    Email,
    Sms,
}
