using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>Acts on an inbound email: a reply halts the contact's enrollments that stop on reply, an automatic reply is only recorded, a bounce opts the address out of email.</summary>
/// <remarks>
/// Matching goes by the signed token of the reply address, then by the Message-IDs the email refers to, then by the
/// sender's address. A token is trusted alone: only this app can make it. A Message-ID is not secret (anyone a thread is
/// forwarded to sees it), so it matches only when the sender is that enrollment's contact, or, for a bounce, when the
/// report names the contact's address as failed; otherwise matching goes on to the sender. A bounce opts out only
/// addresses of known contacts, so that a forged report cannot fill the opt-out table.
/// </remarks>
public sealed class InboundEmailService(
    ReplyAddress replyAddresses,
    EnrollmentStore enrollments,
    ContactStore contacts,
    OptOutStore optOuts,
    TimelineStore timeline,
    ReplyService replies,
    TimeProvider time,
    ILogger<InboundEmailService> logger)
{
    /// <summary>The source recorded on the opt-out of a bounced address.</summary>
    public const string BounceSource = "bounce";

    private const int MaxSubjectLength = 200;

    /// <summary>Matches the email and acts on it.</summary>
    public async Task<InboundEmailOutcome> HandleAsync(InboundEmail email, CancellationToken cancellationToken)
    {
        if (email.IsDeliveryReport && FailedAddresses(email) is { Count: > 0 } failed)
        {
            return await BounceAsync(email, failed, cancellationToken);
        }

        var sender = ContactValidator.NormaliseEmail(email.From);
        var match = await MatchAsync(email, sender is null ? [] : [sender], cancellationToken)
            ?? (sender is null ? null : await LatestAsync(await contacts.FindIdAsync(sender, null, cancellationToken), "sender", cancellationToken));
        if (match is null)
        {
            logger.LogInformation("Inbound email matched no enrollment");
            return InboundEmailOutcome.Unmatched;
        }

        var now = time.GetUtcNow();
        var automatic = email.IsDeliveryReport ? "delivery report without a failure" : AutoReplyDetector.Reason(email);
        if (automatic is not null)
        {
            await timeline.AddAsync(match.Enrollment.Id, new TimelineEvent(now, TimelineEventKind.AutoReplyIgnored, null, $"Automatic reply ({automatic}): {Shorten(email.Subject)}"), cancellationToken);
            logger.LogInformation("Inbound email to {EnrollmentId}, matched by {MatchedBy}, is an automatic reply: {AutoReplyReason}", match.Enrollment.Id, match.By, automatic);
            return new InboundEmailOutcome(match.Enrollment.Id, "autoReply", []);
        }

        var active = (await enrollments.ListAsync(match.Enrollment.ContactId, cancellationToken)).Where(e => e.Status == EnrollmentStatus.Active).Select(e => e.Id);
        foreach (var enrollmentId in active.Prepend(match.Enrollment.Id).Distinct(StringComparer.Ordinal))
        {
            await timeline.AddAsync(enrollmentId, new TimelineEvent(now, TimelineEventKind.Replied, null, $"Replied by email: {Shorten(email.Subject)}"), cancellationToken);
        }

        var halted = await replies.HaltOnReplyAsync(match.Enrollment.ContactId, cancellationToken);
        logger.LogInformation("Inbound email replied to {EnrollmentId}, matched by {MatchedBy}; halted {HaltedCount} enrollments", match.Enrollment.Id, match.By, halted.Count);
        return new InboundEmailOutcome(match.Enrollment.Id, "replied", halted);
    }

    /// <summary>Opts each failed address of a known contact out of email and records the bounce on the matched enrollment, or the contact's latest.</summary>
    private async Task<InboundEmailOutcome> BounceAsync(InboundEmail email, IReadOnlyList<string> failed, CancellationToken cancellationToken)
    {
        var match = await MatchAsync(email, failed, cancellationToken);
        string? recordedOn = null;
        foreach (var address in failed)
        {
            var contactId = await contacts.FindIdAsync(address, null, cancellationToken);
            if (contactId is null)
            {
                continue;
            }

            var now = time.GetUtcNow();
            await optOuts.AddAsync(AddressKey.Email(address), BounceSource, now, cancellationToken);
            var target = match?.Enrollment.ContactId == contactId ? match : await LatestAsync(contactId, "bounced address", cancellationToken);
            if (target is not null)
            {
                await timeline.AddAsync(target.Enrollment.Id, new TimelineEvent(now, TimelineEventKind.Bounced, null, BounceDetail(email, address)), cancellationToken);
                recordedOn ??= target.Enrollment.Id;
            }

            logger.LogInformation("Inbound bounce opted out the email address of contact {ContactId}; recorded on {EnrollmentId}", contactId, target?.Enrollment.Id);
        }

        return recordedOn is null && match is null ? InboundEmailOutcome.Unmatched : new InboundEmailOutcome(recordedOn ?? match!.Enrollment.Id, "bounce", []);
    }

    /// <summary>The enrollment named by a recipient's reply token, else by a Message-ID the email refers to whose contact has one of <paramref name="contactAddresses"/>.</summary>
    private async Task<Match?> MatchAsync(InboundEmail email, IReadOnlyCollection<string> contactAddresses, CancellationToken cancellationToken)
    {
        foreach (var recipient in email.Recipients)
        {
            if (replyAddresses.TryRead(recipient, out var enrollmentId) && await enrollments.GetAsync(enrollmentId, cancellationToken) is { } enrollment)
            {
                return new Match(enrollment, "token");
            }
        }

        foreach (var messageId in email.ReferencedMessageIds)
        {
            var dot = messageId.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && await enrollments.GetAsync(messageId[..dot], cancellationToken) is { } enrollment
                && await contacts.GetAsync(enrollment.ContactId, cancellationToken) is { Email: { } contactEmail }
                && contactAddresses.Contains(contactEmail, StringComparer.OrdinalIgnoreCase))
            {
                return new Match(enrollment, "message id");
            }
        }

        return null;
    }

    /// <summary>The contact's latest active enrollment, else its latest; null for no contact or no enrollment.</summary>
    private async Task<Match?> LatestAsync(string? contactId, string by, CancellationToken cancellationToken)
    {
        if (contactId is null)
        {
            return null;
        }

        var latest = (await enrollments.ListAsync(contactId, cancellationToken))
            .OrderByDescending(e => e.Status == EnrollmentStatus.Active).ThenByDescending(e => e.EnrolledUtc).FirstOrDefault();
        return latest is null ? null : new Match(latest, by);
    }

    /// <summary>The normalised addresses a delivery report says failed; when it names no recipient, the returned message's To.</summary>
    private static List<string> FailedAddresses(InboundEmail email)
    {
        var addresses = email.ReportedRecipients.Count > 0
            ? email.ReportedRecipients.Where(r => r.Failed).Select(r => r.Address)
            : InboundEmail.AddressesOf(email.ReturnedHeaders?[MimeKit.HeaderId.To]);
        return addresses.Select(ContactValidator.NormaliseEmail).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    private static string BounceDetail(InboundEmail email, string address)
    {
        var reported = email.ReportedRecipients.FirstOrDefault(r => string.Equals(r.Address, address, StringComparison.OrdinalIgnoreCase));
        var why = string.Join(" ", new[] { reported?.Status, reported?.Diagnostic }.Where(part => !string.IsNullOrWhiteSpace(part)));
        return why.Length > 0 ? $"The email bounced ({Shorten(why)}); email to this address stops." : "The email bounced; email to this address stops.";
    }

    private static string Shorten(string text) => text.Length <= MaxSubjectLength ? text : string.Concat(text.AsSpan(0, MaxSubjectLength - 1), "…");

    /// <summary>An enrollment an inbound email was matched to, and how.</summary>
    private sealed record Match(Enrollment Enrollment, string By);
}
