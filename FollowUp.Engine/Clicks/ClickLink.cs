namespace FollowUp.Engine.Clicks;

/// <summary>What a click token says: the enrollment and step whose message held the link, the link's position in it, and where it goes.</summary>
/// <param name="EnrollmentId">The enrollment the message was sent to.</param>
/// <param name="StepId">The step that sent it.</param>
/// <param name="Position">The part and the link's number in it, counted from 1: <c>h2</c> is the second link of the HTML part, <c>t1</c> the first of the text part.</param>
/// <param name="Url">The original address, absolute http or https.</param>
public sealed record ClickLink(string EnrollmentId, string StepId, string Position, Uri Url);
