using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Caps;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;

namespace FollowUp.Engine.Enrollments;

/// <summary>Stores enrollments, one partition per contact, with a marker row per sequence the contact is active in.</summary>
/// <remarks>
/// The marker (row key <c>~active~&lt;sequence id&gt;</c>) is added in the same batch transaction as the enrollment, so two
/// requests enrolling the same contact at once cannot both succeed, and removed in the same batch transaction as the change
/// that ends the enrollment. A marker that names an enrollment no longer active (a crash could leave one in earlier versions, which removed
/// it apart) is replaced by the next enrollment. Once it ends, its row in <see cref="EnrollmentsByStatus"/> moves to the status
/// it ended with.
/// </remarks>
public sealed class EnrollmentStore(FollowUpStorage storage, EnrollmentsByStatus byStatus)
{
    private readonly TableClient table = storage.Table(StorageNames.EnrollmentsTable);

    /// <summary>Reads an enrollment by id, or null.</summary>
    public async Task<Enrollment?> GetAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        if (!EnrollmentId.TryGetContactId(enrollmentId, out var contactId))
        {
            return null;
        }

        var entity = await table.GetEntityIfExistsAsync<TableEntity>(contactId, enrollmentId, cancellationToken: cancellationToken);
        return entity.HasValue ? EnrollmentRow.ToEnrollment(entity.Value!) : null;
    }

    /// <summary>Reads an enrollment by id, or null, with its contact's row and cap rows (<see cref="ContactCap"/>), in one query of the contact's partition.</summary>
    /// <remarks>The query runs from the enrollment's row to the last cap row, and the filter keeps those three kinds, so it
    /// reads neither the contact's timeline nor its other enrollments' data.</remarks>
    public async Task<SendRead> GetForSendAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        if (!EnrollmentId.TryGetContactId(enrollmentId, out var contactId))
        {
            return new SendRead(null, null, []);
        }

        var last = ContactCap.RowPrefix + "~";
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {contactId} and RowKey ge {enrollmentId} and RowKey lt {last} and (RowKey eq {enrollmentId} or RowKey eq {ContactRow.Key} or RowKey ge {ContactCap.RowPrefix})");
        Enrollment? enrollment = null;
        ContactRow? contact = null;
        var sent = new List<SentRow>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == enrollmentId)
            {
                enrollment = EnrollmentRow.ToEnrollment(row);
            }
            else if (row.RowKey == ContactRow.Key)
            {
                contact = ContactRow.From(row);
            }
            else
            {
                sent.Add(SentRow.From(row));
            }
        }

        return new SendRead(enrollment, contact, sent);
    }

    /// <summary>Reads every enrollment of a contact.</summary>
    public async Task<List<Enrollment>> ListAsync(string contactId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {contactId} and RowKey lt {ActiveMarkerRow.Prefix}");
        var result = new List<Enrollment>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(EnrollmentRow.ToEnrollment(entity));
        }

        return result;
    }

    /// <summary>Stores a new active enrollment unless the contact is already active in the sequence.</summary>
    /// <returns>Null when stored; otherwise the id of the active enrollment that prevents it, or the enrollment's own id when it exists already.</returns>
    /// <remarks>The first try assumes there is no marker, which is the usual case, and reads nothing: the batch's Add of the
    /// marker is refused when there is one, and only then is it read.</remarks>
    public Task<string?> CreateAsync(Enrollment enrollment, CancellationToken cancellationToken) => CreateAsync(enrollment, null, cancellationToken);

    /// <summary>Stores a new active enrollment, with <paramref name="started"/> on its timeline in the same transaction, unless the contact is already active in the sequence.</summary>
    /// <returns>Null when stored; otherwise the id of the active enrollment that prevents it, or the enrollment's own id when it exists already.</returns>
    public async Task<string?> CreateAsync(Enrollment enrollment, TimelineEvent? started, CancellationToken cancellationToken)
    {
        var newMarker = ActiveMarkerRow.For(enrollment);
        ActiveMarkerRow? marker = null;
        while (true)
        {
            if (marker is not null && await GetAsync(marker.EnrollmentId, cancellationToken) is { Status: EnrollmentStatus.Active })
            {
                return marker.EnrollmentId;
            }

            List<TableTransactionAction> batch =
            [
                new(TableTransactionActionType.Add, EnrollmentRow.ToEntity(enrollment)),
                marker is null ? new(TableTransactionActionType.Add, newMarker) : new(TableTransactionActionType.UpdateReplace, newMarker, marker.ETag),
            ];
            if (started is not null)
            {
                batch.AddRange(TimelineStore.Rows(enrollment.Id, [started]).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
            }

            try
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
                return null;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
            {
                // This enrollment was stored already (an id derived from another enrollment, made again), or the contact
                // has a marker in this sequence, or another enrollment changed it first: look, then try again.
                if (await GetAsync(enrollment.Id, cancellationToken) is not null)
                {
                    return enrollment.Id;
                }

                var found = await table.GetEntityIfExistsAsync<ActiveMarkerRow>(newMarker.PartitionKey, newMarker.RowKey, cancellationToken: cancellationToken);
                marker = found.HasValue ? found.Value : null;
            }
        }
    }

    /// <summary>Reads the enrollment, applies <paramref name="change"/> and writes it back, retrying on concurrent writes.</summary>
    /// <param name="enrollmentId">The enrollment to change.</param>
    /// <param name="change">Changes the enrollment and returns true, or returns false to leave it as it is.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The enrollment as stored afterwards and whether it changed, or null when it does not exist.</returns>
    /// <param name="events">What the change puts on the enrollment's timeline, written in the same transaction; null for nothing.</param>
    public async Task<(Enrollment Enrollment, bool Changed)?> UpdateAsync(string enrollmentId, Func<Enrollment, bool> change, CancellationToken cancellationToken, Func<Enrollment, IEnumerable<TimelineEvent>>? events = null) =>
        await GetAsync(enrollmentId, cancellationToken) is { } enrollment ? await UpdateAsync(enrollment, change, cancellationToken, events) : null;

    /// <summary>Applies <paramref name="change"/> to an enrollment already read and writes it back; on a concurrent write, reads it again and retries.</summary>
    /// <param name="enrollment">The enrollment as last read, with its ETag; it may be changed.</param>
    /// <param name="change">Changes the enrollment and returns true, or returns false to leave it as it is.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The enrollment as stored afterwards and whether it changed, or null when it no longer exists.</returns>
    /// <param name="events">What the change puts on the enrollment's timeline (asked only once the change is made), written in the same transaction; null for nothing.</param>
    /// <remarks>The change that ends an enrollment removes its marker in the same transaction: while the enrollment is
    /// active, its marker names it, since a new enrollment replaces a marker only when the one it names has ended.</remarks>
    /// <param name="alongside">Rows of the contact's partition the change writes (replacing any with the same key) in the same transaction, such as the cap's row of a send (asked only once the change is made); null for none.</param>
    public async Task<(Enrollment Enrollment, bool Changed)?> UpdateAsync(
        Enrollment enrollment, Func<Enrollment, bool> change, CancellationToken cancellationToken, Func<Enrollment, IEnumerable<TimelineEvent>>? events = null, Func<Enrollment, IEnumerable<ITableEntity>>? alongside = null)
    {
        var current = enrollment;
        var withMarker = true;
        while (true)
        {
            var wasActive = current.Status == EnrollmentStatus.Active;
            if (!change(current))
            {
                return (current, false);
            }

            try
            {
                current.ETag = await WriteAsync(current, wasActive && current.Status != EnrollmentStatus.Active && withMarker, events?.Invoke(current), alongside?.Invoke(current), cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 412)
            {
                // 404 from the transaction: no marker to remove (an enrollment stored before markers were kept, or one whose
                // marker a crash left behind was replaced), so the row is written alone. 412: another write came first.
                withMarker &= !(exception is TableTransactionFailedException { Status: 404 });
                if (await GetAsync(current.Id, cancellationToken) is not { } reread)
                {
                    return null;
                }

                current = reread;
                continue;
            }

            if (current.Status != EnrollmentStatus.Active)
            {
                await byStatus.MoveAsync(current, cancellationToken);
            }

            return (current, true);
        }
    }

    /// <summary>Replaces the enrollment's row under its ETag, with the removal of its marker, the rows of timeline events and other rows of the contact's partition in the same transaction; answers the row's new ETag.</summary>
    private async Task<ETag> WriteAsync(Enrollment enrollment, bool removeMarker, IEnumerable<TimelineEvent>? events, IEnumerable<ITableEntity>? alongside, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> batch = [new(TableTransactionActionType.UpdateReplace, EnrollmentRow.ToEntity(enrollment), enrollment.ETag)];
        if (removeMarker)
        {
            batch.Add(new(TableTransactionActionType.Delete, ActiveMarkerRow.For(enrollment), ETag.All));
        }

        batch.AddRange(TimelineStore.Rows(enrollment.Id, events ?? []).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
        batch.AddRange((alongside ?? []).Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
        if (batch.Count == 1)
        {
            return (await table.UpdateEntityAsync(EnrollmentRow.ToEntity(enrollment), enrollment.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag ?? default;
        }

        return (await table.SubmitTransactionAsync(batch, cancellationToken)).Value[0].Headers.ETag ?? default;
    }
}
