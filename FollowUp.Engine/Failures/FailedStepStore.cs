using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Failures;

/// <summary>The FailedSteps table: the failed and dead-lettered steps, newest first, without reading any enrollment.</summary>
/// <remarks>
/// One partition holds two rows per step, written and removed together in one transaction: <c>at_&lt;inverted ticks&gt;_…</c>
/// orders the list newest first, so a page is one range query, and <c>key_&lt;enrollment&gt;_&lt;step&gt;</c> finds a step's
/// entry and makes a second failure of the same step add nothing. Failures are rare, so one partition is enough.
/// A row without a kind was written before kinds were kept, when only dead letters were listed.
/// </remarks>
public sealed class FailedStepStore(FollowUpStorage storage)
{
    private const string Partition = FailedStepRow.Partition;
    private const string AtPrefix = "at_";
    private const string KeyPrefix = "key_";

    private readonly TableClient table = storage.Table(StorageNames.FailedStepsTable);

    /// <summary>Lists the step unless it is listed already; false when it was.</summary>
    public async Task<bool> AddAsync(FailedStep failed, CancellationToken cancellationToken)
    {
        var atKey = $"{AtPrefix}{(DateTimeOffset.MaxValue.UtcTicks - failed.FailedUtc.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}_{failed.EnrollmentId}_{failed.StepId}";
        var entry = FailedStepRow.From(failed, atKey);
        var index = FailedStepRow.From(failed, KeyRow(failed.EnrollmentId, failed.StepId));
        index.AtKey = atKey;
        try
        {
            await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, index), new(TableTransactionActionType.Add, entry)], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The listed entry of the step, or null.</summary>
    public async Task<FailedStep?> FindAsync(string enrollmentId, string stepId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<FailedStepRow>(Partition, KeyRow(enrollmentId, stepId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToFailedStep() : null;
    }

    /// <summary>Up to <paramref name="limit"/> listed steps, newest first.</summary>
    public async Task<List<FailedStep>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var steps = new List<FailedStep>();
        var query = table.QueryAsync<FailedStepRow>(
            e => e.PartitionKey == Partition && e.RowKey.CompareTo(AtPrefix) >= 0 && e.RowKey.CompareTo("at`") < 0,
            maxPerPage: Math.Min(limit, 1000),
            cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            steps.Add(row.ToFailedStep());
            if (steps.Count == limit)
            {
                break;
            }
        }

        return steps;
    }

    /// <summary>Takes the step off the list; repeating it does nothing.</summary>
    public async Task RemoveAsync(string enrollmentId, string stepId, CancellationToken cancellationToken)
    {
        var index = await table.GetEntityIfExistsAsync<FailedStepRow>(Partition, KeyRow(enrollmentId, stepId), cancellationToken: cancellationToken);
        if (!index.HasValue)
        {
            return;
        }

        try
        {
            await table.SubmitTransactionAsync(
                [new(TableTransactionActionType.Delete, new TableEntity(Partition, index.Value!.RowKey), index.Value.ETag), new(TableTransactionActionType.Delete, new TableEntity(Partition, index.Value.AtKey), ETag.All)],
                cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 412)
        {
            // Another replay took it off first.
        }
    }

    /// <summary>Takes every listed step of the enrollment off the list, reading only its rows; returns how many rows were removed.</summary>
    public async Task<int> RemoveEnrollmentAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        var prefix = KeyRow(enrollmentId, "");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
        var indexes = await RowDeleter.QueryAsync(table, filter, cancellationToken, nameof(FailedStepRow.AtKey));
        return await RowDeleter.DeleteAsync(table, [.. indexes, .. indexes.Select(index => new TableEntity(Partition, index.GetString(nameof(FailedStepRow.AtKey))))], cancellationToken);
    }

    private static string KeyRow(string enrollmentId, string stepId) => $"{KeyPrefix}{enrollmentId}_{stepId}";
}
