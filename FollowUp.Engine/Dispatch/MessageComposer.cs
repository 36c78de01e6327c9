using System.Text.Json;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Clicks;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Templates;
using FollowUp.Engine.Unsubscribe;

namespace FollowUp.Engine.Dispatch;

/// <summary>Renders a due step for its contact, or says why it must be skipped (no address, a phone outside the SMS countries, the address opted out) or why it fails (a template failed for the contact's data).</summary>
/// <remarks>An email carries its unsubscribe link in <c>List-Unsubscribe</c>, as <c>{{ unsubscribe_url }}</c>, and in a footer of each part that does not show it; its Reply-To is the enrollment's signed reply address. When the sequence tracks clicks, the links of both parts are rewritten (<see cref="ClickLinks"/>) before the footer is added.</remarks>
public sealed class MessageComposer(SequenceStore sequences, OptOutStore optOuts, SmsCountries smsCountries, TemplateRenderer templates, UnsubscribeLinks unsubscribeLinks, ReplyAddress replyAddresses, ClickLinks clickLinks)
{
    /// <summary>Prepares step <paramref name="index"/> of <paramref name="enrollment"/> for its <paramref name="contact"/> (read with the enrollment), as the variant the enrollment gets when the step has variants.</summary>
    /// <exception cref="ContactErasedException">The contact is null: its row is an erasure marker, or gone, and only an erasure does either.</exception>
    public async Task<PreparedSend> ComposeAsync(Enrollment enrollment, Contact? contact, int index, CancellationToken cancellationToken)
    {
        if (contact is null)
        {
            throw new ContactErasedException($"Contact {enrollment.ContactId} of {enrollment.Id} is being erased.");
        }

        var sequence = await sequences.GetAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
        return await ComposeAsync(StepVariants.For(enrollment.Id, sequence.Steps[index]), contact, enrollment.Data, enrollment.Id, sequence.TrackClicks, cancellationToken);
    }

    /// <summary>Prepares <paramref name="step"/> (its own parts, whatever its variants) for <paramref name="contact"/> as enrollment <paramref name="enrollmentId"/>, with its email's links rewritten to tracked redirects when <paramref name="trackClicks"/>; it only reads, so a preview can use it.</summary>
    public async Task<PreparedSend> ComposeAsync(SequenceStep step, Contact contact, JsonElement data, string enrollmentId, bool trackClicks, CancellationToken cancellationToken)
    {
        var address = step.Channel == StepChannel.Email ? contact.Email : contact.Phone;
        if (address is null)
        {
            return Skip(step.Channel, step.Channel == StepChannel.Email ? "The contact has no email address." : "The contact has no phone number.");
        }

        if (step.Channel == StepChannel.Sms && !smsCountries.Allows(address))
        {
            return Skip(step.Channel, $"The phone number is not in a country of {SmsCountries.Setting}.");
        }

        var addressKey = step.Channel == StepChannel.Email ? AddressKey.Email(address) : AddressKey.Phone(address);
        if (await optOuts.IsOptedOutAsync(addressKey, cancellationToken))
        {
            return Skip(step.Channel, step.Channel == StepChannel.Email ? "The email address has opted out." : "The phone number has opted out.");
        }

        var key = new SendKey(enrollmentId, step.Id);
        var unsubscribe = step.Channel == StepChannel.Email ? unsubscribeLinks.For(contact.Id, address) : null;
        var model = TemplateModel.Create(contact, data, unsubscribe);
        var part = "text";
        try
        {
            if (step.Channel == StepChannel.Sms)
            {
                return new PreparedSend(step.Channel, null, new OutgoingSms(key, address, templates.Render(step.Text!, model, html: false)), null);
            }

            part = "subject";
            var subject = templates.Render(step.Subject!, model, html: false).ReplaceLineEndings(" ").Trim();
            part = "text";
            var text = step.Text is null ? null : templates.Render(step.Text, model, html: false);
            part = "html";
            var html = step.Html is null ? null : templates.Render(step.Html, model, html: true);
            if (trackClicks)
            {
                text = text is null ? null : clickLinks.RewriteText(text, enrollmentId, step.Id);
                html = html is null ? null : clickLinks.RewriteHtml(html, enrollmentId, step.Id);
            }

            text = text is null ? null : UnsubscribeFooter.AddToText(text, unsubscribe);
            html = html is null ? null : UnsubscribeFooter.AddToHtml(html, unsubscribe);
            var email = new OutgoingEmail(
                key,
                address,
                string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : null,
                subject,
                text,
                html,
                unsubscribe,
                replyAddresses.For(enrollmentId));
            return new PreparedSend(step.Channel, email, null, null);
        }
        catch (TemplateRenderException exception)
        {
            return new PreparedSend(step.Channel, null, null, null, $"The {part} template failed for this contact: {exception.Message}");
        }
    }

    private static PreparedSend Skip(StepChannel channel, string reason) => new(channel, null, null, reason);
}
