using System.Text;
using System.Xml.Linq;
using FollowUp.Engine.Channels.Twilio;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.TwiML;

namespace FollowUp.Engine.Inbound.Sms;

/// <summary>The HTTP handler of Twilio's incoming-message webhook: checks <c>X-Twilio-Signature</c>, acts on the text, and answers TwiML.</summary>
/// <remarks>
/// The signature is checked by <see cref="TwilioWebhook"/> against the address under <c>FollowUp:PublicBaseUrl</c>; a
/// request it does not match is refused with 403. Every signed message is answered 200 with TwiML, even from an unknown
/// number, because Twilio logs any other answer as an error; only HELP and INFO get a reply text.
/// </remarks>
public sealed class TwilioInboundEndpoints(InboundSmsService inbound, IOptions<FollowUpOptions> options, ILogger<TwilioInboundEndpoints> logger)
{
    /// <summary>The content type of a TwiML answer.</summary>
    public const string TwimlContentType = "text/xml";

    /// <summary>Handles <c>POST /api/inbound/twilio</c>.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (form, refused) = await TwilioWebhook.ReadSignedFormAsync(
            request, settings, FollowUpRoutes.InboundTwilio, Problems.Forbidden, logger, cancellationToken);
        if (form is null)
        {
            return refused!;
        }

        var from = form["From"].ToString();
        if (string.IsNullOrWhiteSpace(from))
        {
            return Problems.Validation("From", "'From' is required.");
        }

        if (ContactValidator.NormalisePhone(from) is not { } phone)
        {
            logger.LogInformation("Ignored an inbound message {MessageSid} whose sender is not a phone number", form["MessageSid"].ToString());
            return Twiml(null);
        }

        var keyword = await inbound.ReceiveAsync(phone, form["Body"].ToString(), cancellationToken);
        return Twiml(keyword == SmsKeyword.Help ? settings.Sms.HelpText : null);
    }

    /// <summary>A TwiML answer: an empty <c>&lt;Response&gt;</c>, or one that texts <paramref name="message"/> back.</summary>
    private static IResult Twiml(string? message)
    {
        var response = new MessagingResponse();
        if (message is not null)
        {
            response.Message(message);
        }

        return TypedResults.Text(response.ToString(SaveOptions.DisableFormatting), TwimlContentType, Encoding.UTF8);
    }
}
