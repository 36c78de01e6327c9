using FollowUp.Engine.Enrollments;

namespace FollowUp.Engine.Clicks;

/// <summary>What <see cref="ClickRecorder.RecordAsync"/> made of one request on a tracked link.</summary>
/// <param name="Link">The link that was followed.</param>
/// <param name="Enrollment">The enrollment as read for the click (its sequence and version), or null when it is gone: erased, or removed by retention.</param>
/// <param name="Recorded">False when the enrollment is gone or the request repeats the same link within a second: nothing was written.</param>
/// <param name="ByScanner">Whether the click is taken to be a link scanner's rather than a person's; see <see cref="LinkScanners"/>.</param>
/// <param name="FirstHumanClick">Whether this is the first click by a person on any link of this step for this enrollment: true exactly once per enrollment and step, whatever the repeats and races.</param>
public sealed record ClickResult(ClickLink Link, Enrollment? Enrollment, bool Recorded, bool ByScanner, bool FirstHumanClick);
