using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Notifications;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>Reads the messages that arrived in the business's mailbox since the last run, and hands each to the inbound email pipeline.</summary>
/// <remarks>
/// <para>It keeps its place by the folder's UIDVALIDITY and the last UID handled (<see cref="ImapCursorStore"/>), written after
/// each message, so a restart goes on after the last message handled. The first run, and a run that finds the UIDVALIDITY
/// changed (the server renumbered the folder), read by arrival date instead: from the day of the last message handled, or
/// <c>FollowUp:Imap:FirstRunLookBack</c> before now; the record of handled Message-IDs drops those already acted on.</para>
/// <para>A message is recorded as handled only after the pipeline acted on it: a crash in between hands it over once more,
/// which halts nothing twice (a halt of a halted enrollment is none). A message that cannot be read is logged and passed over.
/// A failure of the pipeline ends the run before the cursor moves, and the next run retries it; each failed run is counted on
/// the message's UID (<see cref="ImapCursorStore.CountFailureAsync"/>). After <c>FollowUp:Imap:MaxAttempts</c> failed runs the
/// message is passed over: logged as an error by UID, counted where the health detail shows it, recorded as handled (a re-read
/// skips it), and forwarded to the business as mail FollowUp did not handle, so one message cannot stop the reader for good.
/// An outage of storage does not use up the attempts: the count is written to the same storage, and fails with it.</para>
/// <para>It never deletes, moves or marks mail as read: the folder is opened read-only unless <c>FollowUp:Imap:FlagProcessed</c>
/// asks for a flag on each message handled.</para>
/// </remarks>
public sealed class ImapReader(
    IOptions<FollowUpOptions> options,
    ImapLogin login,
    ImapCursorStore cursors,
    InboundEmailService inbound,
    ReplyNotifier notifier,
    TimeProvider time,
    ILogger<ImapReader> logger)
{
    private const MessageSummaryItems Summary = MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate | MessageSummaryItems.Envelope;

    /// <summary>Reads and hands over the messages that arrived since the last run; does nothing while <c>FollowUp:Imap:Host</c> is unset.</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Imap;
        if (!settings.IsConfigured)
        {
            return;
        }

        using var client = new ImapClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host!, settings.Port, Security(settings.Security), cancellationToken);
        await login.LoginAsync(client, cancellationToken);
        var folder = await client.GetFolderAsync(settings.Folder, cancellationToken);
        await folder.OpenAsync(string.IsNullOrWhiteSpace(settings.FlagProcessed) ? FolderAccess.ReadOnly : FolderAccess.ReadWrite, cancellationToken);

        var mailbox = ImapCursorStore.MailboxKey(settings);
        var cursor = await cursors.GetAsync(mailbox, cancellationToken);
        var byUid = cursor is not null && cursor.UidValidity == folder.UidValidity;
        IList<UniqueId> found;
        if (byUid)
        {
            found = await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(folder.UidValidity, cursor!.LastUid + 1, uint.MaxValue)), cancellationToken);
        }
        else
        {
            var since = ReReadFrom(cursor, settings, time.GetUtcNow());
            if (cursor is not null)
            {
                logger.LogWarning("The UIDVALIDITY of the IMAP folder changed from {OldUidValidity} to {UidValidity}; reading the messages that arrived since {Since:yyyy-MM-dd}, skipping those already handled",
                    cursor.UidValidity, folder.UidValidity, since);
            }

            found = await folder.SearchAsync(SearchQuery.DeliveredAfter(since.UtcDateTime), cancellationToken);
        }

        var last = byUid ? cursor! : new ImapCursor(folder.UidValidity, 0, cursor?.LastDeliveredUtc, time.GetUtcNow());
        var pending = found.Where(uid => uid.Id > last.LastUid).OrderBy(uid => uid.Id).ToList();
        var batch = pending.Take(settings.MaxMessagesPerRun).ToList();
        var handled = 0;
        if (batch.Count > 0)
        {
            var failure = await cursors.GetFailureAsync(mailbox, cancellationToken);
            foreach (var message in (await folder.FetchAsync(batch, Summary, cancellationToken)).OrderBy(summary => summary.UniqueId.Id))
            {
                handled += await HandleAsync(folder, mailbox, message, failure, cancellationToken) ? 1 : 0;
                if (failure is not null && failure.UidValidity == folder.UidValidity && failure.Uid == message.UniqueId.Id)
                {
                    await cursors.ClearFailureAsync(mailbox, cancellationToken);
                    failure = null;
                }

                last = new ImapCursor(folder.UidValidity, message.UniqueId.Id, message.InternalDate?.ToUniversalTime() ?? last.LastDeliveredUtc, time.GetUtcNow());
                await cursors.SaveAsync(mailbox, last, cancellationToken);
            }
        }

        if (pending.Count <= batch.Count)
        {
            // Everything found is handled: any later message gets a UID from UIDNEXT, read when the folder was opened, on.
            var known = folder.UidNext is { } next && next.Id > 0 ? next.Id - 1 : last.LastUid;
            await cursors.SaveAsync(mailbox, last with { LastUid = Math.Max(last.LastUid, known), LastRunUtc = time.GetUtcNow() }, cancellationToken);
        }

        await client.DisconnectAsync(true, cancellationToken);
        logger.LogInformation("Read {FoundCount} new messages from the IMAP folder and handed {HandledCount} to the inbound pipeline; {LeftCount} wait for the next run",
            batch.Count, handled, pending.Count - batch.Count);
    }

    /// <summary>The day from which a run reads by arrival date (the first run, or one that finds the UIDVALIDITY changed): that of the last message handled, else <c>FirstRunLookBack</c> before the last run (before now on the first).</summary>
    /// <remarks>Retention keeps the ImapMessages rows this can reach (<see cref="Retention.RetentionCleaner"/>), so a re-read never hands over a message whose record was removed.</remarks>
    public static DateTimeOffset ReReadFrom(ImapCursor? cursor, ImapOptions settings, DateTimeOffset now)
    {
        var since = cursor?.LastDeliveredUtc ?? (cursor?.LastRunUtc ?? now) - settings.FirstRunLookBack;
        return new DateTimeOffset(since.UtcDateTime.Date, TimeSpan.Zero);
    }

    /// <summary>Hands one message to the pipeline unless it was handled before, and flags it when asked; false when it was passed over.</summary>
    /// <exception cref="Exception">The pipeline failed on the message fewer than <c>FollowUp:Imap:MaxAttempts</c> runs in a row; the run ends there.</exception>
    private async Task<bool> HandleAsync(IMailFolder folder, string mailbox, IMessageSummary message, ImapFailure? failure, CancellationToken cancellationToken)
    {
        using var raw = new MemoryStream();
        await using (var stream = await folder.GetStreamAsync(message.UniqueId, cancellationToken))
        {
            await stream.CopyToAsync(raw, cancellationToken);
        }

        var key = ImapCursorStore.MessageKey(message.Envelope?.MessageId, raw.GetBuffer().AsSpan(0, (int)raw.Length));
        if (await cursors.WasHandledAsync(mailbox, key, cancellationToken))
        {
            logger.LogInformation("IMAP message {Uid} was handled before; skipped", message.UniqueId.Id);
            return false;
        }

        raw.Position = 0;
        InboundEmail? email = null;
        var skipped = false;
        try
        {
            email = MimeInboundParser.Parse(raw, "imap", []);
            var outcome = await inbound.HandleAsync(email, cancellationToken);
            logger.LogInformation("IMAP message {Uid} handed to the inbound pipeline: {Action} (enrollment {EnrollmentId})", message.UniqueId.Id, outcome.Action, outcome.Matched);
        }
        catch (MalformedInboundEmailException exception)
        {
            logger.LogWarning("IMAP message {Uid} cannot be read ({Reason}); passed over", message.UniqueId.Id, exception.Message);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var error = exception.GetType().Name;
            var attempts = await cursors.CountFailureAsync(mailbox, failure, folder.UidValidity, message.UniqueId.Id, time.GetUtcNow(), cancellationToken);
            var maxAttempts = options.Value.Imap.MaxAttempts;
            if (attempts < maxAttempts)
            {
                logger.LogWarning("The inbound pipeline failed on IMAP message {Uid} ({ErrorType}), attempt {Attempt} of {MaxAttempts}; the next run tries it again",
                    message.UniqueId.Id, error, attempts, maxAttempts);
                throw;
            }

            // The exception's message is not logged: it may hold an address from the email.
            logger.LogError("The inbound pipeline failed on IMAP message {Uid} (UIDVALIDITY {UidValidity}) {Attempts} times ({ErrorType}); passed over, and forwarded to the business when FollowUp:Notify:Unmatched allows",
                message.UniqueId.Id, folder.UidValidity, attempts, error);
            await cursors.RecordSkippedAsync(mailbox, folder.UidValidity, message.UniqueId.Id, error, time.GetUtcNow(), cancellationToken);
            skipped = true;
            await ForwardUnhandledAsync(email, message.UniqueId.Id, attempts, cancellationToken);
        }

        await cursors.MarkHandledAsync(mailbox, key, time.GetUtcNow(), cancellationToken, skipped);
        if (options.Value.Imap.FlagProcessed is { } flag && !string.IsNullOrWhiteSpace(flag))
        {
            var request = flag.Equals(@"\Flagged", StringComparison.OrdinalIgnoreCase)
                ? new StoreFlagsRequest(StoreAction.Add, MessageFlags.Flagged) { Silent = true }
                : new StoreFlagsRequest(StoreAction.Add, [flag]) { Silent = true };
            await folder.StoreAsync([message.UniqueId], request, cancellationToken);
        }

        return true;
    }

    /// <summary>Forwards a message passed over to the business; a failure to forward is logged, since the message is counted in the health detail either way.</summary>
    private async Task ForwardUnhandledAsync(InboundEmail? email, uint uid, int attempts, CancellationToken cancellationToken)
    {
        if (email is null)
        {
            return;
        }

        try
        {
            await notifier.UnhandledEmailAsync(email, attempts, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError("IMAP message {Uid} was passed over and could not be forwarded to the business ({ErrorType}); read it in the mailbox", uid, exception.GetType().Name);
        }
    }

    private static SecureSocketOptions Security(ImapSecurity security) => security switch
    {
        ImapSecurity.StartTls => SecureSocketOptions.StartTls,
        ImapSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.SslOnConnect,
    };
}
