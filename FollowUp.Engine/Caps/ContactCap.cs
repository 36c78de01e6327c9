using Azure.Data.Tables;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Caps;

/// <summary>Keeps a contact from hearing too often from the business when several sequences overlap (<c>FollowUp:Caps</c>).</summary>
/// <remarks>
/// The ContactSends table keeps one row per message sent to a contact (partition: the contact; row: time, enrollment and
/// step, so a repeat writes the same row). A step may go when fewer than <c>MaxMessages</c> messages of other sequences
/// reached the contact within the window; a sequence's own messages never count against it. Two sequences that decide
/// at the same instant can both go, so the cap can be exceeded by one in a race; it is a courtesy, not a guarantee.
/// Start-up refuses a <c>MaxMessages</c> below one; options made without that check are read as a cap of one, so no value
/// leaves the step without a moment to go.
/// </remarks>
public sealed class ContactCap(FollowUpStorage storage, IOptions<FollowUpOptions> options)
{
    private readonly TableClient table = storage.Table(StorageNames.ContactSendsTable);

    /// <summary>When a step of <paramref name="sequenceId"/> may go to the contact: null for now, or the first moment the cap allows it.</summary>
    public async Task<DateTimeOffset?> WaitUntilAsync(string contactId, string sequenceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cap = options.Value.Caps;
        var allowed = Math.Max(cap.MaxMessages, 1);
        var since = now - cap.Window;
        var others = new List<DateTimeOffset>();
        var from = $"{since.UtcTicks:D19}~"; // '~' sorts after '_', so rows sent exactly at 'since' have left the window.
        await foreach (var row in table.QueryAsync<TableEntity>(
            e => e.PartitionKey == contactId && e.RowKey.CompareTo(from) > 0, select: ["SequenceId", "SentUtc"], cancellationToken: cancellationToken))
        {
            if (row.GetString("SequenceId") != sequenceId && row.GetDateTimeOffset("SentUtc") is { } sent)
            {
                others.Add(sent);
            }
        }

        if (others.Count < allowed)
        {
            return null;
        }

        // The step fits once enough of those messages have left the window.
        others.Sort();
        return others[others.Count - allowed] + cap.Window;
    }

    /// <summary>Records that a step of <paramref name="sequenceId"/> reached the contact; recording it again changes nothing.</summary>
    public async Task RecordAsync(string contactId, string sequenceId, string enrollmentId, string stepId, DateTimeOffset sentUtc, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(contactId, $"{sentUtc.UtcTicks:D19}_{enrollmentId}_{stepId}") { ["SequenceId"] = sequenceId, ["SentUtc"] = sentUtc },
            TableUpdateMode.Replace,
            cancellationToken);
}
