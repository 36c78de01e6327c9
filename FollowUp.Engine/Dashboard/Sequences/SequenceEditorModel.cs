using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>What the editor shows: the sequence as typed, where it came from, its errors and, after "Preview", what each step would send.</summary>
/// <param name="Id">The sequence's id, or <see cref="SequencesArea.NewId"/> for one not saved yet.</param>
/// <param name="NewId">The id typed for a new sequence.</param>
/// <param name="Latest">The latest saved version, or null for a new sequence.</param>
/// <param name="Active">How many people are in the sequence now (any version).</param>
/// <param name="Form">The sequence as typed.</param>
/// <param name="Sample">The sample contact of the preview.</param>
/// <param name="Errors">The errors, beside their fields.</param>
/// <param name="Preview">What each step would send to the sample contact, after "Preview".</param>
/// <param name="MoveEnrollments">Whether saving moves the people in the sequence to the new version.</param>
/// <param name="Template">The template the sequence starts from, if any.</param>
public sealed record SequenceEditorModel(
    string Id,
    string NewId,
    Sequence? Latest,
    long Active,
    SequenceForm Form,
    SampleForm Sample,
    EditorErrors Errors,
    PreviewAnswer? Preview,
    bool MoveEnrollments,
    SequenceTemplate? Template)
{
    /// <summary>Whether the sequence has not been saved yet.</summary>
    public bool IsNew => Latest is null;

    /// <summary>The form's address.</summary>
    public string Action => DashboardPaths.To("sequences", Id, "edit");
}
