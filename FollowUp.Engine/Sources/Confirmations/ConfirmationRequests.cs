using System.Text.Json;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Sources.Confirmations;

/// <summary>Double opt-in for form sources: holds a submission and sends its contact a signed link that starts the enrollment when confirmed.</summary>
/// <remarks>
/// A submission with a phone is confirmed by text, so that only the phone's owner can agree to texts; one with an email only,
/// by email. The message holds nothing the form sent, only the link, so a form cannot relay text to anyone. An address
/// that opted out gets no message, and one address gets at most <see cref="FormsOptions.PerRecipient"/> of them, however
/// many forms name it; over that the form answers as usual, so that nobody learns whom it has been asked to message. Confirmation needs <c>FollowUp:PublicBaseUrl</c>, where the link points.
/// </remarks>
public sealed class ConfirmationRequests(
    ConfirmationStore store,
    ConfirmationLinks links,
    OptOutStore optOuts,
    FormRateCap rateCap,
    IEmailChannel email,
    ISmsChannel sms,
    TimeProvider time,
    IOptions<FollowUpOptions> options,
    ILogger<ConfirmationRequests> logger)
{
    /// <summary>The subject of the confirmation email.</summary>
    public const string EmailSubject = "Please confirm your subscription";

    /// <summary>Whether a submission with this contact waits for confirmation: as the source says, else when it gives a phone.</summary>
    public static bool IsRequired(FormSettings settings, ContactRequest contact) => settings.DoubleOptIn ?? contact.Phone is not null;

    /// <summary>Stores the submission as pending and sends the confirmation link; returns the outcome, or <see cref="SourceActionResult.Unavailable"/> when no link can be sent.</summary>
    public async Task<SourceActionResult> RequestAsync(Source source, ContactRequest contact, JsonElement data, CancellationToken cancellationToken)
    {
        var id = RandomIds.Create(20);
        if (links.For(id) is not { } link)
        {
            logger.LogError("Source {SourceId} asks contacts to confirm, but FollowUp:PublicBaseUrl is not set, so no link can be sent", source.Id);
            return new SourceActionResult.Unavailable("This form asks people to confirm by a link, and the app has no public address for it.");
        }

        var bySms = contact.Phone is not null;
        var addressKey = bySms ? AddressKey.Phone(contact.Phone!) : AddressKey.Email(contact.Email!);
        if (await optOuts.IsOptedOutAsync(addressKey, cancellationToken))
        {
            logger.LogInformation("Source {SourceId}: the contact has opted out, so no confirmation is sent", source.Id);
            return new SourceActionResult.Acted(DeliveryOutcome.Nothing);
        }

        if (await rateCap.TryTakeRecipientAsync(addressKey, cancellationToken) is not null)
        {
            logger.LogWarning("Source {SourceId}: the contact already got the most confirmation messages allowed for now; none is sent", source.Id);
            return new SourceActionResult.Acted(DeliveryOutcome.Confirming);
        }

        await store.AddAsync(new PendingConfirmation(id, source.Id, contact, data.Clone(), time.GetUtcNow() + options.Value.Forms.ConfirmationExpiry, null), cancellationToken);
        var key = new SendKey(SendId(id), "confirm");
        SendResult result;
        if (bySms)
        {
            result = await sms.SendAsync(new OutgoingSms(key, contact.Phone!, $"Please confirm you asked for our texts: {link.AbsoluteUri} If you did not ask, ignore this message."), cancellationToken);
        }
        else
        {
            var text = $"Please confirm that you asked to hear from us by opening this link:\n\n{link.AbsoluteUri}\n\nIf you did not ask, ignore this email: you will hear nothing more from us.\n";
            result = await email.SendAsync(new OutgoingEmail(key, contact.Email!, null, EmailSubject, text, null), cancellationToken);
        }

        if (result.Kind != SendResultKind.Sent)
        {
            await store.RemoveAsync(id);
            logger.LogWarning("Source {SourceId}: the confirmation message could not be sent ({Reason})", source.Id, result.Kind);
            return new SourceActionResult.Unavailable("The confirmation message could not be sent; try again later.");
        }

        logger.LogInformation("Source {SourceId}: confirmation {ConfirmationId} sent by {Channel}", source.Id, id, bySms ? "sms" : "email");
        return new SourceActionResult.Acted(DeliveryOutcome.Confirming);
    }

    /// <summary>The id the confirmation message with this confirmation id is sent under, as the enrollment id of its <see cref="SendKey"/>.</summary>
    public static string SendId(string confirmationId) => "confirmation-" + confirmationId;
}
