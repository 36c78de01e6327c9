namespace FollowUp.Engine.Channels;

/// <summary>A rendered SMS, ready for a channel.</summary>
/// <param name="Key">The enrollment and step it belongs to.</param>
/// <param name="To">The E.164 recipient number.</param>
/// <param name="Text">The rendered text.</param>
public sealed record OutgoingSms(SendKey Key, string To, string Text)
{
    /// <summary>How many segments the text is billed and rate-limited as.</summary>
    public int Segments => SmsSegments.Count(Text);
}
