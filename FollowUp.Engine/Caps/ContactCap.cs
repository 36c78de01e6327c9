using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Caps;

/// <summary>Keeps a contact from hearing too often from the business when several sequences overlap (<c>FollowUp:Caps</c>).</summary>
/// <remarks>
/// Each message sent to a contact leaves a row beside the contact's enrollments, in its partition of the Enrollments table,
/// under the row key <c>~sent~&lt;sent ticks&gt;_&lt;enrollment&gt;_&lt;step&gt;</c>, so a repeat writes the same row, the
/// send's outcome writes it in its own transaction (<see cref="SentRow"/>), and the dispatcher reads them with the enrollment
/// in one query. A step may go when fewer than <c>MaxMessages</c>
/// messages of other sequences reached the contact within the window; a sequence's own messages never count against it.
/// Two sequences that decide at the same instant can both go, so the cap can be exceeded by one in a race; it is a courtesy,
/// not a guarantee. Rows that versions before this layout wrote to the ContactSends table are not read: after an upgrade,
/// the cap counts the messages sent from then on. Start-up refuses a <c>MaxMessages</c> below one; options made without that
/// check are read as a cap of one, so no value leaves the step without a moment to go.
/// </remarks>
public sealed class ContactCap(IOptions<FollowUpOptions> options)
{
    /// <summary>The start of every cap row's key; it sorts after the enrollments and markers, before the timeline rows.</summary>
    public const string RowPrefix = "~sent~";

    /// <summary>When a step of <paramref name="sequenceId"/> may go to the contact: null for now, or the first moment the cap allows it.</summary>
    /// <param name="sentRows">The contact's cap rows, as <see cref="Enrollments.EnrollmentStore.GetForSendAsync"/> read them with the enrollment; rows outside the window are not counted.</param>
    /// <param name="sequenceId">The sequence of the step; its own messages never count.</param>
    /// <param name="now">The moment the step would go.</param>
    public DateTimeOffset? WaitUntil(IEnumerable<SentRow> sentRows, string sequenceId, DateTimeOffset now)
    {
        var cap = options.Value.Caps;
        var allowed = Math.Max(cap.MaxMessages, 1);
        var since = now - cap.Window;
        var others = sentRows
            .Where(row => row.SequenceId != sequenceId && row.SentUtc > since)
            .Select(row => row.SentUtc)
            .Order()
            .ToList();
        // The step fits once enough of those messages have left the window.
        return others.Count < allowed ? null : others[others.Count - allowed] + cap.Window;
    }

    /// <summary>The filter that selects, across the Enrollments table, the cap rows of messages sent before <paramref name="before"/>.</summary>
    public static string SentBefore(DateTimeOffset before) =>
        TableClient.CreateQueryFilter($"RowKey ge {RowPrefix} and RowKey lt {RowPrefix + before.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}");
}
