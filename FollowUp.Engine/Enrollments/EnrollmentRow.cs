using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Enrollments;

/// <summary>An enrollment's row: in its contact's partition of the Enrollments table, row key the enrollment id.</summary>
/// <remarks>Its data can pass the 64 KiB a property holds, so it is split across <c>Data0</c>, <c>Data1</c>, …
/// (<see cref="ChunkedString"/>); the row is therefore mapped here rather than bound by the SDK.</remarks>
public static class EnrollmentRow
{
    /// <summary>The row that stores <paramref name="enrollment"/>.</summary>
    public static TableEntity ToEntity(Enrollment enrollment)
    {
        var entity = new TableEntity(enrollment.ContactId, enrollment.Id)
        {
            [nameof(Enrollment.SequenceId)] = enrollment.SequenceId,
            [nameof(Enrollment.SequenceVersion)] = enrollment.SequenceVersion,
            [nameof(Enrollment.Status)] = enrollment.Status.ToString(),
            [nameof(Enrollment.HaltReason)] = enrollment.HaltReason,
            [nameof(Enrollment.EnrolledUtc)] = enrollment.EnrolledUtc,
            [nameof(Enrollment.ContactTimeZone)] = enrollment.ContactTimeZone,
            [nameof(Enrollment.EndedUtc)] = enrollment.EndedUtc,
            [nameof(Enrollment.NextStepIndex)] = enrollment.NextStepIndex,
            [nameof(Enrollment.Steps)] = StorageJson.Serialize(new StoredSteps(enrollment.Steps)),
            [nameof(Enrollment.ChainedUtc)] = enrollment.ChainedUtc,
        };
        ChunkedString.Write(entity, nameof(Enrollment.Data), enrollment.Data.GetRawText());
        return entity;
    }

    /// <summary>The enrollment a row stores, with the row's ETag.</summary>
    public static Enrollment ToEnrollment(TableEntity entity)
    {
        var steps = ReadSteps(entity.GetString(nameof(Enrollment.Steps)));
        foreach (var step in steps.Where(s => s.SendUtc == default))
        {
            step.SendUtc = step.DueUtc;
        }

        return new Enrollment
        {
            Id = entity.RowKey,
            ContactId = entity.PartitionKey,
            SequenceId = entity.GetString(nameof(Enrollment.SequenceId)),
            SequenceVersion = entity.GetInt32(nameof(Enrollment.SequenceVersion)) ?? 0,
            Status = Enum.Parse<EnrollmentStatus>(entity.GetString(nameof(Enrollment.Status))),
            HaltReason = entity.GetString(nameof(Enrollment.HaltReason)),
            EnrolledUtc = entity.GetDateTimeOffset(nameof(Enrollment.EnrolledUtc)) ?? default,
            ContactTimeZone = entity.GetString(nameof(Enrollment.ContactTimeZone)),
            EndedUtc = entity.GetDateTimeOffset(nameof(Enrollment.EndedUtc)),
            NextStepIndex = entity.GetInt32(nameof(Enrollment.NextStepIndex)) ?? 0,
            Steps = steps,
            Data = JsonElement.Parse(ChunkedString.Read(entity, nameof(Enrollment.Data))),
            ETag = entity.ETag,
            ChainedUtc = entity.GetDateTimeOffset(nameof(Enrollment.ChainedUtc)),
        };
    }

    /// <summary>Reads the <c>Steps</c> property: a <see cref="StoredSteps"/> document, or the bare array that rows hold from before format versions were kept.</summary>
    private static IReadOnlyList<EnrollmentStep> ReadSteps(string json) =>
        json.AsSpan().TrimStart().StartsWith('[')
            ? StorageJson.Deserialize<List<EnrollmentStep>>(json)
            : StorageJson.Deserialize<StoredSteps>(json).Steps;
}
