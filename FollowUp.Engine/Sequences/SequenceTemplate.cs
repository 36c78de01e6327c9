namespace FollowUp.Engine.Sequences;

/// <summary>A proven sequence to start from: its id (the file name in <c>samples/templates</c>), a title and a one-line description in plain words, and the body <c>PUT /api/sequences/{id}</c> accepts.</summary>
/// <param name="Id">The template's id, also a valid sequence id.</param>
/// <param name="Title">What it is for, in a few words.</param>
/// <param name="Description">One sentence a business owner understands.</param>
/// <param name="Json">The JSON text of the sequence, as in the file.</param>
/// <param name="Request">The same JSON, parsed.</param>
public sealed record SequenceTemplate(string Id, string Title, string Description, string Json, SequenceRequest Request);
