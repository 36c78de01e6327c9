using System.Text;
using System.Text.RegularExpressions;
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
/// number, because Twilio logs any other answer as an error; only HELP and INFO get a reply text. The signature carries
/// no time, so a captured request could be sent again at will: each <c>MessageSid</c> (inside the signed form) acts once
/// (<see cref="ProcessedSmsStore"/>), and a repeat gets the same answer without acting.
/// </remarks>
public sealed partial class TwilioInboundEndpoints(
    InboundSmsService inbound, ProcessedSmsStore processed, IOptions<FollowUpOptions> options, TimeProvider time, ILogger<TwilioInboundEndpoints> logger)
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

        var messageSid = form["MessageSid"].ToString();
        if (!MessageSid().IsMatch(messageSid))
        {
            return Problems.Validation("MessageSid", "'MessageSid' is required: two letters and 32 hexadecimal digits.");
        }

        var body = form["Body"].ToString();
        var answer = Twiml(SmsKeywords.Read(body) == SmsKeyword.Help ? settings.Sms.HelpText : null);
        if (!await processed.TryClaimAsync(messageSid, time.GetUtcNow(), cancellationToken))
        {
            logger.LogWarning("Twilio message {MessageSid} was already processed; answered again without acting on it", messageSid);
            return answer;
        }

        try
        {
            await inbound.ReceiveAsync(messageSid, phone, body, cancellationToken);
        }
        catch
        {
            await processed.ReleaseAsync(messageSid, CancellationToken.None);
            throw;
        }

        return answer;
    }

    [GeneratedRegex("^[A-Z]{2}[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex MessageSid();

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
