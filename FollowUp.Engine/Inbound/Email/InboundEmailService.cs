using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Notifications;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>Acts on an inbound email: a reply halts the contact's enrollments that stop on reply (and opts the address out when it asks in words to stop), an automatic reply is only recorded, a bounce opts the address out of email; a real reply, and unmatched mail, are handed to the business (<see cref="ReplyNotifier"/>).</summary>
/// <remarks>
/// Matching goes by the signed token of the reply address, then by the Message-IDs the email refers to, then by the
/// sender's address. A token is trusted alone: only this app can make it. A Message-ID is not secret (anyone a thread is
/// forwarded to sees it), so it matches only when the sender is that enrollment's contact. Anyone can write any
/// <c>From:</c>, so the sender's address alone matches only when the parse service or the receiving server vouches for
/// it (<see cref="SenderAuthentication"/>), or <c>FollowUp:Inbound:TrustUnauthenticatedSenders</c> accepts the risk; and
/// it can only halt (a match through that setting never opts out, even when the words ask to stop). Anyone can also write a delivery report, so a bounce opts an address out only when it proves a send
/// to that address: it reaches the reply token of an enrollment whose contact has the address, or names the Message-ID
/// of an email step sent to it. Any other bounce is ignored, and answered with the reason.
/// </remarks>
public sealed class InboundEmailService(
    ReplyAddress replyAddresses,
    EnrollmentStore enrollments,
    ContactStore contacts,
    OptOutStore optOuts,
    TimelineStore timeline,
    ReplyService replies,
    Reports.StepFigures figures,
    StopRequests stopRequests,
    ReplyNotifier notifier,
    IOptions<FollowUpOptions> options,
    TimeProvider time,
    ILogger<InboundEmailService> logger)
{
    /// <summary>The source recorded on the opt-out of a bounced address.</summary>
    public const string BounceSource = "bounce";

    /// <summary>Why a bounce that proves no send to the failed address is ignored.</summary>
    public const string UnprovenBounce = "The bounce carries no reply token and names no Message-ID that FollowUp sent to the failed address.";

    /// <summary>Why an email from a contact's address, with no reply token or thread reference, is not matched to the contact.</summary>
    public const string UnauthenticatedSender = "The email has no reply token or thread reference, and no SPF, DKIM or DMARC pass vouches for its sender.";

    private const int MaxSubjectLength = 200;

    /// <summary>What vouches for a sender when only the setting that trusts any sender does.</summary>
    private const string TrustAnySender = "FollowUp:Inbound:TrustUnauthenticatedSenders";

    /// <summary>Matches the email and acts on it.</summary>
    public async Task<InboundEmailOutcome> HandleAsync(InboundEmail email, CancellationToken cancellationToken)
    {
        if (email.IsDeliveryReport && FailedAddresses(email) is { Count: > 0 } failed)
        {
            return await BounceAsync(email, failed, cancellationToken);
        }

        var sender = ContactValidator.NormaliseEmail(email.From);
        var match = await MatchAsync(email, sender is null ? [] : [sender], cancellationToken);
        if (match is null && sender is not null)
        {
            if (SenderVouchedBy(email) is not { } vouchedBy)
            {
                logger.LogInformation("Inbound email has no reply token or thread reference, and its sender is not authenticated; matched nothing");
                await notifier.UnmatchedEmailAsync(email, cancellationToken);
                return InboundEmailOutcome.Unmatched with { Reason = UnauthenticatedSender };
            }

            match = await LatestAsync(await contacts.FindIdAsync(sender, null, cancellationToken), $"sender ({vouchedBy})", cancellationToken);
        }

        if (match is null)
        {
            logger.LogInformation("Inbound email matched no enrollment");
            await notifier.UnmatchedEmailAsync(email, cancellationToken);
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

        var stopPhrase = match.By != $"sender ({TrustAnySender})" ? await stopRequests.EmailAsync(email.Text, match.Enrollment, cancellationToken) : null;
        var reply = new IncomingReply(StepChannel.Email, string.IsNullOrWhiteSpace(email.Text) ? email.Subject : email.Text, stopPhrase is not null, NotifiesBusiness: true);
        var halted = await replies.HaltOnReplyAsync(match.Enrollment.ContactId, reply, match.Enrollment.Id, cancellationToken);
        logger.LogInformation("Inbound email replied to {EnrollmentId}, matched by {MatchedBy}; halted {HaltedCount} enrollments", match.Enrollment.Id, match.By, halted.Count);
        await notifier.EmailReplyAsync(email, match.Enrollment, cancellationToken);
        return new InboundEmailOutcome(match.Enrollment.Id, "replied", halted);
    }

    /// <summary>Opts each failed address out of email whose send the bounce proves, and records the bounce on that enrollment; ignores the rest.</summary>
    private async Task<InboundEmailOutcome> BounceAsync(InboundEmail email, IReadOnlyList<string> failed, CancellationToken cancellationToken)
    {
        string? recordedOn = null;
        foreach (var address in failed)
        {
            if (await ProvenSendAsync(email, address, cancellationToken) is not { } proof)
            {
                continue;
            }

            var now = time.GetUtcNow();
            await figures.CountBounceAsync(proof.Enrollment, cancellationToken);
            await optOuts.AddAsync(AddressKey.Email(address), BounceSource, now, cancellationToken);
            await timeline.AddAsync(proof.Enrollment.Id, new TimelineEvent(now, TimelineEventKind.Bounced, null, BounceDetail(email, address)), cancellationToken);
            recordedOn ??= proof.Enrollment.Id;
            logger.LogInformation("Inbound bounce, proven by {MatchedBy}, opted out the email address of contact {ContactId}; recorded on {EnrollmentId}",
                proof.By, proof.Enrollment.ContactId, proof.Enrollment.Id);
        }

        if (recordedOn is null)
        {
            logger.LogWarning("Ignored an inbound bounce for {FailedCount} addresses: it carries no reply token and names no Message-ID sent to them", failed.Count);
            return new InboundEmailOutcome(null, "bounceIgnored", [], UnprovenBounce);
        }

        return new InboundEmailOutcome(recordedOn, "bounce", []);
    }

    /// <summary>The enrollment whose send to <paramref name="address"/> the bounce proves: by a reply token it reached or returns, else by a Message-ID it names.</summary>
    /// <remarks>
    /// A token counts only for the address of its enrollment's contact, the only address it was sent to. A Message-ID
    /// (<c>enrollment.step@domain</c>) counts only when that email step went out with exactly that id (the SMTP channel
    /// and the outbox give it as the provider's id) and the enrollment's contact has the address.
    /// </remarks>
    private async Task<Match?> ProvenSendAsync(InboundEmail email, string address, CancellationToken cancellationToken)
    {
        var tokenBearers = email.Recipients.Concat(InboundEmail.AddressesOf(email.ReturnedHeaders?[HeaderId.ReplyTo]));
        foreach (var bearer in tokenBearers)
        {
            if (replyAddresses.TryRead(bearer, out var enrollmentId) && await enrollments.GetAsync(enrollmentId, cancellationToken) is { } enrollment
                && await HasAddressAsync(enrollment, address, cancellationToken))
            {
                return new Match(enrollment, "token");
            }
        }

        foreach (var messageId in email.ReferencedMessageIds.Concat(email.ReportedMessageIds).Distinct(StringComparer.Ordinal))
        {
            var dot = messageId.IndexOf('.', StringComparison.Ordinal);
            var at = messageId.LastIndexOf('@');
            if (dot > 0 && at > dot + 1 && await enrollments.GetAsync(messageId[..dot], cancellationToken) is { } enrollment
                && enrollment.Steps.Any(step => step.Id == messageId[(dot + 1)..at] && step.Channel == StepChannel.Email && step.ProviderMessageId == messageId)
                && await HasAddressAsync(enrollment, address, cancellationToken))
            {
                return new Match(enrollment, "message id");
            }
        }

        return null;
    }

    private async Task<bool> HasAddressAsync(Enrollment enrollment, string address, CancellationToken cancellationToken) =>
        await contacts.GetAsync(enrollment.ContactId, cancellationToken) is { Email: { } contactEmail }
        && string.Equals(contactEmail, address, StringComparison.OrdinalIgnoreCase);

    /// <summary>What vouches for the sender's address: the parse service, the receiving server's <c>Authentication-Results</c>, or the setting that trusts any sender; null for nothing.</summary>
    private string? SenderVouchedBy(InboundEmail email) =>
        email.AuthenticatedBy
        ?? SenderAuthentication.AuthenticationResults(email.Headers, email.From, options.Value.Inbound.AuthServId)
        ?? (options.Value.Inbound.TrustUnauthenticatedSenders ? TrustAnySender : null);

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
            : InboundEmail.AddressesOf(email.ReturnedHeaders?[HeaderId.To]);
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
