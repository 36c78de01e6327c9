using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Enrollments;

/// <summary>The marker that a contact is active in a sequence: in the contact's partition of the Enrollments table, row key
/// <c>~active~&lt;sequence id&gt;</c>, naming the active enrollment (see <see cref="EnrollmentStore"/>).</summary>
public sealed class ActiveMarkerRow : TableRow
{
    /// <summary>The start of every marker's row key.</summary>
    public const string Prefix = "~active~";

    /// <summary>The enrollment active in the sequence.</summary>
    public string EnrollmentId { get; set; } = "";

    /// <summary>The marker of <paramref name="enrollment"/>.</summary>
    public static ActiveMarkerRow For(Enrollment enrollment) =>
        new() { PartitionKey = enrollment.ContactId, RowKey = Prefix + enrollment.SequenceId, EnrollmentId = enrollment.Id };
}
