using FollowUp.Engine.Storage;

namespace FollowUp.Engine.OptOuts;

/// <summary>The last opt-in of an address in the OptOuts table: PartitionKey = the address's <see cref="Contacts.AddressKey"/>, RowKey = <see cref="Key"/>.</summary>
public sealed class OptInRow : TableRow
{
    /// <summary>The row key of the record of the last opt-in.</summary>
    public const string Key = "opt-in";

    /// <summary>A row with its fixed key.</summary>
    public OptInRow() => RowKey = Key;

    /// <summary>When the operator opted the address back in.</summary>
    public DateTimeOffset OptedInUtc { get; set; }

    /// <summary>The operator, as named on the dashboard.</summary>
    public string By { get; set; } = "";

    /// <summary>The operator's id.</summary>
    public string ById { get; set; } = "";

    /// <summary>The source of the opt-out the opt-in ended, when there was one.</summary>
    public string? EndedSource { get; set; }

    /// <summary>The row of an opt-in of the address with this key.</summary>
    public static OptInRow From(string addressKey, OptIn optIn) => new()
    {
        PartitionKey = addressKey,
        OptedInUtc = optIn.OptedInUtc,
        By = optIn.By,
        ById = optIn.ById,
        EndedSource = optIn.EndedSource,
    };

    /// <summary>The opt-in this row holds.</summary>
    public OptIn ToOptIn() => new(OptedInUtc, By, ById, EndedSource);
}
