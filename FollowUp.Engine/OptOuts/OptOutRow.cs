using FollowUp.Engine.Storage;

namespace FollowUp.Engine.OptOuts;

/// <summary>An opt-out in the OptOuts table: PartitionKey = the address's <see cref="Contacts.AddressKey"/>, RowKey empty.</summary>
public sealed class OptOutRow : TableRow
{
    /// <summary>Who said so, such as <c>twilio:21610</c>.</summary>
    public string Source { get; set; } = "";

    /// <summary>When it was learnt.</summary>
    public DateTimeOffset OptedOutUtc { get; set; }

    /// <summary>The operator who recorded it; null when no operator did.</summary>
    public string? By { get; set; }

    /// <summary>The row of an opt-out of the address with this key.</summary>
    public static OptOutRow From(string addressKey, OptOut optOut) => new()
    {
        PartitionKey = addressKey,
        Source = optOut.Source,
        OptedOutUtc = optOut.OptedOutUtc,
        By = optOut.By,
    };

    /// <summary>The opt-out this row holds.</summary>
    public OptOut ToOptOut() => new(Source, OptedOutUtc) { By = By };
}
