using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Clicks;

/// <summary>Records a followed tracked link on its enrollment's timeline, tells a person's click from a link scanner's, and says whether it is the enrollment's first human click on the step.</summary>
/// <remarks>
/// <para>The Clicks table keeps one row per enrollment and step: the last link followed, when, and when a person first
/// clicked. Each click reads it and writes it back conditional on its ETag (retrying on a conflict), so of two clicks at
/// once exactly one is the first human click, and a request repeated within <see cref="Window"/> on the same link (a
/// double click, a browser's retry) writes nothing. A click on another link of the same email within <see cref="Window"/>
/// of the last one is a scanner's, as is any request <see cref="LinkScanners"/> recognises; scanners' clicks are on the
/// timeline with <c>byScanner: true</c> but are never a first human click. The first click of a scanner that poses as a
/// browser is not recognised: only the ones after it are.</para>
/// <para>The timeline entry is written after the row, so a crash between them loses that line of the timeline but never
/// counts a click twice. The timeline keeps the link's position and host, never its path or query, which may hold
/// personal data.</para>
/// </remarks>
public sealed class ClickRecorder(FollowUpStorage storage, EnrollmentStore enrollments, TimelineStore timeline, TimeProvider time, ILogger<ClickRecorder> logger)
{
    /// <summary>How close together two clicks on one email must be to be a repeat (same link) or a scanner (another link).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private const int MaxAttempts = 10;

    private readonly TableClient table = storage.Table(StorageNames.ClicksTable);

    /// <summary>Records a request on <paramref name="link"/> made with <paramref name="method"/> by <paramref name="userAgent"/>.</summary>
    public async Task<ClickResult> RecordAsync(ClickLink link, string method, string? userAgent, CancellationToken cancellationToken)
    {
        var enrollment = await enrollments.GetAsync(link.EnrollmentId, cancellationToken);
        if (enrollment is null)
        {
            logger.LogInformation("A click on {Position} of {StepId} of {EnrollmentId} is not recorded: the enrollment is gone", link.Position, link.StepId, link.EnrollmentId);
            return new ClickResult(link, null, false, false, false);
        }

        var recognised = LinkScanners.Recognise(method, userAgent);
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var stored = await table.GetEntityIfExistsAsync<ClickRow>(link.EnrollmentId, link.StepId, cancellationToken: cancellationToken);
            var row = stored.HasValue ? stored.Value! : null;
            var recent = row is not null && now - row.LastUtc < Window && now >= row.LastUtc;
            var samePosition = row?.LastPosition == link.Position;
            var reason = recognised ?? (recent && !samePosition ? "another link of the email less than a second before" : null);
            if (recent && samePosition && reason is null && !row!.LastByScanner)
            {
                return new ClickResult(link, enrollment, false, false, false);
            }

            var firstHuman = reason is null && row?.FirstHumanUtc is null;
            var entity = new ClickRow
            {
                PartitionKey = link.EnrollmentId,
                RowKey = link.StepId,
                LastUtc = now,
                LastPosition = link.Position,
                LastByScanner = reason is not null,
                FirstHumanUtc = firstHuman ? now : row?.FirstHumanUtc,
                Clicks = (row?.Clicks ?? 0) + 1,
            };
            try
            {
                if (row is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412 && attempt < MaxAttempts)
            {
                continue;
            }

            var detail = $"Link {link.Position} to {link.Url.IdnHost}" + (reason is null ? "" : $", by a link scanner: {reason}");
            await timeline.AddAsync(link.EnrollmentId, new TimelineEvent(now, TimelineEventKind.Clicked, link.StepId, detail) { ByScanner = reason is null ? null : true }, cancellationToken);
            return new ClickResult(link, enrollment, true, reason is not null, firstHuman);
        }
    }
}
