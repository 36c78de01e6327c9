using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Enrollments;

/// <summary>Remembers the answer to a request made with an <c>Idempotency-Key</c>, so that a repeat gets the same answer.</summary>
/// <remarks>Keys are hashed (SHA-256) into the partition key, since clients may use characters Table Storage keys forbid.</remarks>
public sealed class IdempotencyStore(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.IdempotencyTable);

    /// <summary>A stored answer and the hash of the request that produced it.</summary>
    public sealed record StoredAnswer(int StatusCode, string Body, string RequestHash);

    /// <summary>Finds the answer stored for this key.</summary>
    public async Task<StoredAnswer?> FindAsync(string scope, string key, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(scope, key), "", cancellationToken: cancellationToken);
        return entity.HasValue ? ToAnswer(entity.Value!) : null;
    }

    /// <summary>Stores the answer; when another request stored one first, returns that one instead.</summary>
    public async Task<StoredAnswer> StoreAsync(string scope, string key, StoredAnswer answer, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(
                new TableEntity(PartitionKey(scope, key), "")
                {
                    ["StatusCode"] = answer.StatusCode,
                    ["Body"] = answer.Body,
                    ["RequestHash"] = answer.RequestHash,
                },
                cancellationToken);
            return answer;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return await FindAsync(scope, key, cancellationToken) ?? answer;
        }
    }

    /// <summary>A hash of a request body, to tell a true repeat from a reused key.</summary>
    public static string Hash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static string PartitionKey(string scope, string key) =>
        $"{scope}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";

    private static StoredAnswer ToAnswer(TableEntity entity) =>
        new(entity.GetInt32("StatusCode") ?? 200, entity.GetString("Body"), entity.GetString("RequestHash"));
}
