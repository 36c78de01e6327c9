using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Clicks;

/// <summary>A row of the Clicks table: PartitionKey = enrollment id, RowKey = step id; the last link followed on the step's message and the first human click.</summary>
public sealed class ClickRow : TableRow
{
    /// <summary>When a link was last followed.</summary>
    public DateTimeOffset LastUtc { get; set; }

    /// <summary>The <see cref="ClickLink.Position"/> of the link last followed.</summary>
    public string LastPosition { get; set; } = "";

    /// <summary>Whether the last click was a link scanner's.</summary>
    public bool LastByScanner { get; set; }

    /// <summary>When a person first clicked; null while only scanners have.</summary>
    public DateTimeOffset? FirstHumanUtc { get; set; }

    /// <summary>How many clicks were recorded, scanners' included.</summary>
    public int Clicks { get; set; }
}
