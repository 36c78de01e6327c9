using System.Globalization;
using Azure.Data.Tables;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Replies;

/// <summary>The RecentReplies table: the latest replies of every contact, newest first, for the dashboard's replies page.</summary>
/// <remarks>
/// One fixed partition; the row key is <c>&lt;max ticks − received ticks, 19 digits&gt;_&lt;random&gt;</c>, so a page is one
/// range query and rows past retention are one key range. A reply costs one write here, after it was acted on; a crash
/// before it leaves the reply on the enrollments' timelines only. Rows are kept as long as notifications
/// (<see cref="Retention.RetentionOptions.Notifications"/>), which hold the same words. An erasure finds a contact's rows by
/// a filtered query of this one partition: it holds only those few weeks of replies, and a <see cref="Contacts.ContactReferences"/>
/// row per reply would double what a reply costs.
/// </remarks>
public sealed class RecentReplies(FollowUpStorage storage)
{
    /// <summary>The one partition.</summary>
    public const string Partition = "replies";

    /// <summary>How many characters of what a person wrote a row keeps.</summary>
    public const int MaxTextLength = 500;

    private const char Separator = '_';
    private readonly TableClient table = storage.Table(StorageNames.RecentRepliesTable);

    /// <summary>Adds a reply received at <paramref name="receivedUtc"/>; returns it as stored.</summary>
    public async Task<RecentReply> AddAsync(DateTimeOffset receivedUtc, string contactId, IncomingReply reply, string? enrollmentId, string? sequenceId, string? stepId, int halted, bool notified, CancellationToken cancellationToken)
    {
        var stored = new RecentReply(KeyAt(receivedUtc) + Separator + RandomIds.Create(6), receivedUtc, contactId, reply.Channel, Shorten(reply.Text), enrollmentId, sequenceId, stepId, halted, reply.OptedOut, notified);
        await table.AddEntityAsync(RecentReplyRow.From(stored), cancellationToken);
        return stored;
    }

    /// <summary>Reads up to <paramref name="limit"/> replies after the row key <paramref name="after"/> (from the newest when null), newest first.</summary>
    /// <returns>The replies, and whether more follow.</returns>
    public async Task<(List<RecentReply> Replies, bool More)> PageAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {after}");
        var replies = new List<RecentReply>();
        await foreach (var row in table.QueryAsync<RecentReplyRow>(filter, maxPerPage: limit + 1, cancellationToken: cancellationToken))
        {
            if (replies.Count == limit)
            {
                return (replies, true);
            }

            replies.Add(row.ToRecentReply());
        }

        return (replies, false);
    }

    /// <summary>Whether <paramref name="key"/> has the shape of a row key of this table, as a continuation must.</summary>
    public static bool IsKey(string key)
    {
        var parts = key.Split(Separator);
        return parts.Length == 2 && parts[0].Length == 19 && parts[0].All(char.IsAsciiDigit) && parts[1].Length > 0 && parts[1].All(char.IsAsciiLetterOrDigit);
    }

    /// <summary>The filter of the rows received before <paramref name="cutoff"/>, for retention.</summary>
    public static string OlderThan(DateTimeOffset cutoff) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {KeyAt(cutoff)}");

    /// <summary>The filter of the rows of one contact, for erasure.</summary>
    public static string OfContact(string contactId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and ContactId eq {contactId}");

    private static string KeyAt(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The text without quoted lines (<c>&gt; …</c>), its whitespace folded, at most <see cref="MaxTextLength"/> characters.</summary>
    private static string? Shorten(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n').Where(line => !line.TrimStart().StartsWith('>'));
        var folded = string.Join(' ', string.Join(' ', lines).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (folded.Length <= MaxTextLength)
        {
            return folded;
        }

        var end = char.IsHighSurrogate(folded[MaxTextLength - 1]) ? MaxTextLength - 1 : MaxTextLength;
        return folded[..end] + "…";
    }
}
