using FollowUp.Engine.Inbound.Imap;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The timer that reads replies from the business's IMAP mailbox.</summary>
/// <remarks>The schedule comes from the FOLLOWUP_IMAP_SCHEDULE app setting, <c>30 */1 * * * *</c> (once a minute) in the
/// Bicep's punctual profile and in local.settings.example.json, every 10 minutes in its economy profile; a run does nothing while <c>FollowUp:Imap:Host</c> is unset.</remarks>
public sealed class ImapFunctions(ImapReader reader)
{
    /// <summary>Hands each message that arrived in the mailbox since the last run to the inbound email pipeline.</summary>
    [Function(nameof(ReadImapMailbox))]
    public Task ReadImapMailbox([TimerTrigger("%FOLLOWUP_IMAP_SCHEDULE%")] TimerInfo timer, CancellationToken ct) => reader.ReadAsync(ct);
}
