using System.Text.Json;
using FollowUp.Engine.Http;

namespace FollowUp.Engine.Enrollments;

/// <summary>Enrolls once per <c>Idempotency-Key</c>: a repeat of the same request gets the first enrollment back, and a refused request leaves no record of its key.</summary>
/// <remarks>
/// The enrollment id is reserved under the key (with the request's hash) before the enrollment is stored, and the answer
/// is kept once it is. A repeat that finds only the reservation, because the first request crashed or is still running,
/// answers from the enrollment stored under the reserved id, or enrolls under that id if there is none.
/// </remarks>
public sealed class IdempotentEnrollments(EnrollmentService service, IdempotencyStore idempotency)
{
    private const string Scope = "enrollments";

    /// <summary>Enrolls as <see cref="EnrollmentService.EnrollAsync(EnrollmentRequest, CancellationToken)"/> does, once for <paramref name="key"/>.</summary>
    /// <returns>The first enrollment made under the key (<see cref="EnrollmentResult.Created"/>, for a repeat too), <see cref="EnrollmentResult.KeyReused"/> when the key was used for a different request, or why nothing was enrolled.</returns>
    public async Task<EnrollmentResult> EnrollOnceAsync(EnrollmentRequest request, string key, CancellationToken cancellationToken)
    {
        var requestHash = IdempotencyStore.Hash(JsonSerializer.SerializeToUtf8Bytes(request, FollowUpJson.Options));
        var record = await idempotency.FindAsync(Scope, key, cancellationToken);
        if (record is not null && (record.IsAnswered || record.RequestHash != requestHash))
        {
            return Replay(record, requestHash);
        }

        if (record is not null && await service.FindCreatedAsync(record.EnrollmentId, cancellationToken) is { } stored)
        {
            return await AnswerAsync(key, record, stored, cancellationToken);
        }

        async Task<string> ReserveAsync(string contactId, CancellationToken ct)
        {
            record ??= await idempotency.ReserveAsync(Scope, key, new IdempotencyRecord(requestHash, EnrollmentId.Create(contactId)), ct);
            if (record.RequestHash != requestHash || !EnrollmentId.TryGetContactId(record.EnrollmentId, out var owner) || owner != contactId)
            {
                // Reserved meanwhile by a different request, or for a contact since replaced: this request keeps its own id.
                record = new IdempotencyRecord(requestHash, EnrollmentId.Create(contactId));
            }

            return record.EnrollmentId;
        }

        var result = await service.EnrollAsync(request, ReserveAsync, cancellationToken);
        if (result is EnrollmentResult.Created created)
        {
            return await AnswerAsync(key, record!, created.Enrollment, cancellationToken);
        }

        // A repeat that raced its first request finds the reserved enrollment stored: answer it; otherwise nothing was stored.
        if (record is not null && await service.FindCreatedAsync(record.EnrollmentId, cancellationToken) is { } raced)
        {
            return await AnswerAsync(key, record, raced, cancellationToken);
        }

        if (record is not null)
        {
            await idempotency.ReleaseAsync(Scope, key, record, cancellationToken);
        }

        return result;
    }

    /// <summary>Reads a kept answer: the API's settings, with unknown members skipped.</summary>
    private static readonly JsonSerializerOptions KeptAnswer = new(FollowUpJson.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip };

    /// <summary>Keeps the first answer under the key (201 with the <see cref="EnrollmentCreated"/>, as the API sends it) and returns the answer kept.</summary>
    private async Task<EnrollmentResult> AnswerAsync(string key, IdempotencyRecord record, EnrollmentCreated created, CancellationToken cancellationToken)
    {
        var answered = record with { StatusCode = 201, Body = JsonSerializer.Serialize(created, FollowUpJson.Options) };
        return Replay(await idempotency.AnswerAsync(Scope, key, answered, cancellationToken), record.RequestHash);
    }

    /// <summary>The answer kept under a key, or <see cref="EnrollmentResult.KeyReused"/> for a different request.</summary>
    /// <remarks>
    /// Only a created enrollment's answer is ever kept: a refused request releases its key. The answer may have been kept by
    /// an earlier version, so members this one does not know are skipped.
    /// </remarks>
    private static EnrollmentResult Replay(IdempotencyRecord stored, string requestHash) =>
        stored.RequestHash != requestHash
            ? new EnrollmentResult.KeyReused()
            : new EnrollmentResult.Created(JsonSerializer.Deserialize<EnrollmentCreated>(stored.Body!, KeptAnswer)!);
}
