using FollowUp.Engine.Caps;
using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Enrollments;

/// <summary>What the dispatcher reads of a contact's partition for a step, in one query (<see cref="EnrollmentStore.GetForSendAsync"/>).</summary>
/// <param name="Enrollment">The enrollment, or null when it does not exist.</param>
/// <param name="Contact">The contact's row or erasure marker, or null when the partition holds none (a contact stored before the row moved there, or one erased).</param>
/// <param name="SentRows">The contact's cap rows (<see cref="Caps.ContactCap"/>).</param>
public sealed record SendRead(Enrollment? Enrollment, ContactRow? Contact, IReadOnlyList<SentRow> SentRows);
