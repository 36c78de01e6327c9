using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>The JSON view of the editor: the definition as <c>PUT /api/sequences/{id}</c> takes it, and its errors by field name.</summary>
/// <param name="Id">The sequence's id, or <see cref="SequencesArea.NewId"/> for one not saved yet.</param>
/// <param name="NewId">The id typed for a new sequence.</param>
/// <param name="Latest">The latest saved version, or null for a new sequence.</param>
/// <param name="Active">How many people are in the sequence now (any version).</param>
/// <param name="Json">The definition as typed.</param>
/// <param name="Errors">The errors, all listed by field name.</param>
/// <param name="MoveEnrollments">Whether saving moves the people in the sequence to the new version.</param>
public sealed record SequenceJsonModel(string Id, string NewId, Sequence? Latest, long Active, string Json, EditorErrors Errors, bool MoveEnrollments)
{
    /// <summary>Whether the sequence has not been saved yet.</summary>
    public bool IsNew => Latest is null;

    /// <summary>The form's address.</summary>
    public string Action => DashboardPaths.To("sequences", Id, "json");
}
