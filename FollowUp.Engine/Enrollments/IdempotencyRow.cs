using System.Security.Cryptography;
using System.Text;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Enrollments;

/// <summary>A row of the Idempotency table: PartitionKey = <see cref="PartitionKeyOf"/> the scope and key, RowKey empty; one <see cref="IdempotencyRecord"/>.</summary>
public sealed class IdempotencyRow : TableRow
{
    /// <summary>The hash of the request body.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>The enrollment the request made or would make.</summary>
    public string? EnrollmentId { get; set; }

    /// <summary>The status code of the first answer; null while only reserved.</summary>
    public int? StatusCode { get; set; }

    /// <summary>The body of the first answer; null while only reserved.</summary>
    public string? Body { get; set; }

    /// <summary>The partition key of a key in a scope: the scope and the SHA-256 of the key, since clients may use characters keys forbid.</summary>
    public static string PartitionKeyOf(string scope, string key) =>
        $"{scope}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";

    /// <summary>The row of <paramref name="record"/> under a key in a scope.</summary>
    public static IdempotencyRow From(string scope, string key, IdempotencyRecord record) => new()
    {
        PartitionKey = PartitionKeyOf(scope, key),
        RequestHash = record.RequestHash,
        EnrollmentId = record.EnrollmentId,
        StatusCode = record.StatusCode,
        Body = record.Body,
    };

    /// <summary>The record this row holds.</summary>
    public IdempotencyRecord ToRecord() => new(RequestHash, EnrollmentId ?? "", StatusCode, Body);
}
