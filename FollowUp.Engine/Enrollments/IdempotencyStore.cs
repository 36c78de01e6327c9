using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Enrollments;

/// <summary>Remembers a request made with an <c>Idempotency-Key</c>, so that a repeat gets the same answer.</summary>
/// <remarks>
/// Keys are hashed (SHA-256) into the partition key, since clients may use characters Table Storage keys forbid. A record
/// is reserved (request hash and enrollment id) before the enrollment is written and answered after, so a crash between
/// the two leaves a reservation that a repeat completes from the stored enrollment, rather than a key nothing remembers.
/// Each record is referenced under the contact of its enrollment in <see cref="ContactReferences"/> before it is written,
/// so erasing the contact finds it without reading the table.
/// </remarks>
public sealed class IdempotencyStore(FollowUpStorage storage, ContactReferences references)
{
    private readonly TableClient table = storage.Table(StorageNames.IdempotencyTable);

    /// <summary>Finds the record of this key, answered or only reserved.</summary>
    public async Task<IdempotencyRecord?> FindAsync(string scope, string key, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<IdempotencyRow>(IdempotencyRow.PartitionKeyOf(scope, key), "", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToRecord() : null;
    }

    /// <summary>Reserves the key for a request; when another request reserved it first, returns that record instead.</summary>
    public async Task<IdempotencyRecord> ReserveAsync(string scope, string key, IdempotencyRecord reservation, CancellationToken cancellationToken)
    {
        var target = Target(scope, key);
        var owner = Owner(reservation);
        if (owner is not null)
        {
            await references.AddAsync(owner, target, cancellationToken);
        }

        try
        {
            await table.AddEntityAsync(IdempotencyRow.From(scope, key, reservation), cancellationToken);
            return reservation;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var earlier = await FindAsync(scope, key, cancellationToken);
            if (owner is not null && Owner(earlier) != owner)
            {
                await references.RemoveAsync([(owner, target)], cancellationToken);
            }

            return earlier ?? reservation;
        }
    }

    /// <summary>Stores the first answer; when another request answered first, returns that record instead.</summary>
    public async Task<IdempotencyRecord> AnswerAsync(string scope, string key, IdempotencyRecord answered, CancellationToken cancellationToken)
    {
        var earlier = await FindAsync(scope, key, cancellationToken);
        if (earlier is { IsAnswered: true })
        {
            return earlier;
        }

        var target = Target(scope, key);
        var (owner, earlierOwner) = (Owner(answered), Owner(earlier));
        if (owner is not null && owner != earlierOwner)
        {
            await references.AddAsync(owner, target, cancellationToken);
        }

        await table.UpsertEntityAsync(IdempotencyRow.From(scope, key, answered), TableUpdateMode.Replace, cancellationToken);
        if (earlierOwner is not null && earlierOwner != owner)
        {
            await references.RemoveAsync([(earlierOwner, target)], cancellationToken);
        }

        return answered;
    }

    /// <summary>Removes <paramref name="reservation"/> while it is still unanswered, for a request that was refused and so stored nothing.</summary>
    public async Task ReleaseAsync(string scope, string key, IdempotencyRecord reservation, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<IdempotencyRow>(IdempotencyRow.PartitionKeyOf(scope, key), "", cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.ToRecord() is var stored && (stored.IsAnswered || stored.EnrollmentId != reservation.EnrollmentId))
        {
            return;
        }

        try
        {
            await table.DeleteEntityAsync(row.Value!.PartitionKey, "", row.Value.ETag, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            // Another request answered or released it meanwhile.
            return;
        }

        if (Owner(reservation) is { } owner)
        {
            await references.RemoveAsync([(owner, Target(scope, key))], cancellationToken);
        }
    }

    /// <summary>The contact a record's enrollment belongs to, under which its reference is kept; null when there is none.</summary>
    public static string? Owner(string? enrollmentId) => EnrollmentId.TryGetContactId(enrollmentId, out var contactId) ? contactId : null;

    private static string? Owner(IdempotencyRecord? record) => Owner(record?.EnrollmentId);

    private static ContactReference Target(string scope, string key) => new(StorageNames.IdempotencyTable, IdempotencyRow.PartitionKeyOf(scope, key), "");

    /// <summary>A hash of a request body, to tell a true repeat from a reused key.</summary>
    public static string Hash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
