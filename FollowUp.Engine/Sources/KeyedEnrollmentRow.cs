using System.Security.Cryptography;
using System.Text;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources;

/// <summary>A row of the SourceEnrollments table: PartitionKey = the source id, RowKey = <see cref="RowKeyOf"/> the sequence and key; the enrollment made for them.</summary>
public sealed class KeyedEnrollmentRow : TableRow
{
    /// <summary>The enrollment the source made for the key.</summary>
    public string EnrollmentId { get; set; } = "";

    /// <summary>The row key of a key in a sequence: the SHA-256 of both, in hex.</summary>
    public static string RowKeyOf(string sequenceId, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sequenceId + "\n" + key)));
}
