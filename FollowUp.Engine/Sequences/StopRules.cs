namespace FollowUp.Engine.Sequences;

/// <summary>What halts an enrollment of the sequence.</summary>
/// <param name="Reply">A reply from the contact on any channel halts it.</param>
/// <param name="Events">The named events (<c>order_placed</c>) that halt it when raised for the contact.</param>
public sealed record StopRules(bool Reply, IReadOnlyList<string> Events)
{
    /// <summary>Stops on reply and on no event.</summary>
    public StopRules(bool reply)
        : this(reply, [])
    {
    }

    /// <inheritdoc />
    public bool Equals(StopRules? other) => other is not null && Reply == other.Reply && Events.SequenceEqual(other.Events);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Reply, Events.Count);
}
