namespace FollowUp.Engine.Channels;

/// <summary>Names one send: a step of an enrollment. A step is sent at most once per key.</summary>
public sealed record SendKey(string EnrollmentId, string StepId);
