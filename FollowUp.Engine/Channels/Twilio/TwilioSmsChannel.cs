using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>Sends text messages through Twilio's .NET library (Messages API).</summary>
/// <remarks>
/// A message is created with one POST on <see cref="ProviderHttp.Single"/>: Twilio has no idempotency key for it, so a
/// retry inside the HTTP pipeline could send the text twice. When the outcome is unknown, the dispatcher calls
/// <see cref="FindSentAsync"/> before any new attempt. Twilio's error text is passed on with the recipient's number
/// replaced, so that no number reaches a log or a step's detail. Each call gets its own library client, whose last
/// response is where the HTTP status and <c>Retry-After</c> are read: the library's <see cref="ApiException"/> carries
/// neither headers nor, for an answer that is not Twilio's JSON error, the status. The library takes no cancellation
/// token, so a cancelled call is abandoned rather than aborted.
/// </remarks>
public sealed class TwilioSmsChannel(IHttpClientFactory http, IOptions<FollowUpOptions> options, TimeProvider time, ILogger<TwilioSmsChannel> logger) : ISmsChannel
{
    /// <summary>Twilio's error code for a recipient who replied STOP to this sender.</summary>
    public const int UnsubscribedRecipient = 21610;

    /// <summary>How much earlier than the claim Twilio's clock may date a message and it still counts as that attempt.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>How many messages a page of the message list holds.</summary>
    private const int PageSize = 100;

    /// <summary>How many pages of messages to the recipient are read before concluding that nothing was sent.</summary>
    private const int MaxPages = 5;

    private TwilioOptions Settings => options.Value.Twilio;

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        var message = new CreateMessageOptions(new PhoneNumber(sms.To)) { Body = sms.Text };
        if (!string.IsNullOrWhiteSpace(Settings.MessagingServiceSid))
        {
            message.MessagingServiceSid = Settings.MessagingServiceSid;
        }
        else
        {
            message.From = new PhoneNumber(Settings.From);
        }

        if (options.Value.PublicBaseUrl is { } publicBaseUrl)
        {
            message.StatusCallback = new Uri(TwilioStatusEndpoints.CallbackUrl(publicBaseUrl, sms.Key));
        }

        var (client, last) = Client(ProviderHttp.Single);
        MessageResource created;
        try
        {
            created = await CallAsync(() => MessageResource.CreateAsync(message, client), cancellationToken);
        }
        catch (ApiException exception)
        {
            var (status, error) = Describe(exception, last.LastResponse, sms);
            return status switch
            {
                HttpStatusCode.TooManyRequests => SendResult.Throttled(error, RetryAfter(last.LastResponse?.Headers)),
                _ when IsRefusal(status) && exception.Code == UnsubscribedRecipient => SendResult.OptedOut(error),
                _ when IsRefusal(status) => SendResult.Refused(error),
                _ => SendResult.Unavailable(error),
            };
        }
        catch (ProviderUnavailableException exception)
        {
            return SendResult.Unavailable(exception.Message);
        }

        return created?.Sid is { Length: > 0 } sid
            ? SendResult.Sent(sid)
            : SendResult.Unavailable($"Twilio answered {(int?)last.LastResponse?.StatusCode} without a message sid.");
    }

    /// <inheritdoc />
    /// <remarks>
    /// The list is not filtered with <c>DateSent</c>: a message Twilio accepted but still holds in its queue has no send
    /// date yet and would be left out. Messages to the recipient are read instead, newest first, and matched on their
    /// creation date, sender and text. The library fetches the pages after the first one synchronously, which only a
    /// recipient with more than <see cref="PageSize"/> messages costs.
    /// </remarks>
    public async Task<string?> FindSentAsync(OutgoingSms sms, DateTimeOffset claimedUtc, CancellationToken cancellationToken)
    {
        var earliest = claimedUtc - ClockSkew;
        var read = new ReadMessageOptions { To = new PhoneNumber(sms.To), PageSize = PageSize, Limit = PageSize * MaxPages };
        var (client, last) = Client(ProviderHttp.Retrying);
        MessageResource? sent;
        try
        {
            sent = await CallAsync(
                async () => (await MessageResource.ReadAsync(read, client)).FirstOrDefault(message => IsAttempt(message, sms, earliest)),
                cancellationToken);
        }
        catch (ApiException exception)
        {
            throw new ProviderUnavailableException($"Could not list the messages sent: {Describe(exception, last.LastResponse, sms).Description}");
        }

        if (sent is null)
        {
            logger.LogInformation("Twilio has no trace of {StepId} of {EnrollmentId}", sms.Key.StepId, sms.Key.EnrollmentId);
            return null;
        }

        logger.LogInformation("Twilio has {StepId} of {EnrollmentId} as {MessageSid}", sms.Key.StepId, sms.Key.EnrollmentId, sent.Sid);
        return sent.Sid;
    }

    /// <summary>A library client for one call, over the named provider client and <see cref="TwilioHostGuard"/>; the second value holds the call's last response.</summary>
    private (TwilioRestClient Client, SystemNetHttpClient Last) Client(string httpClientName)
    {
        var twilioHttp = new SystemNetHttpClient(http.CreateClient(httpClientName));
        return (new TwilioRestClient(Settings.AccountSid, Settings.AuthToken, httpClient: new TwilioHostGuard(twilioHttp, Settings.BaseUrl)), twilioHttp);
    }

    /// <summary>Runs a library call; a connection failure, a timeout or an unreadable answer becomes <see cref="ProviderUnavailableException"/>.</summary>
    /// <exception cref="ApiException">Twilio answered with an error.</exception>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (Failure(exception) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>What a library exception means here, or null when it is already what the caller expects.</summary>
    /// <remarks>
    /// A later page's failure comes wrapped in <see cref="TargetInvocationException"/>: the library fetches it through
    /// reflection. The cause kept for a connection failure is the network's, never the library's exception, whose message
    /// holds the URL and with it the recipient's number.
    /// </remarks>
    private static Exception? Failure(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Failure(inner) ?? inner,
        ApiConnectionException { InnerException: var cause } =>
            new ProviderUnavailableException($"Twilio could not be reached: {cause?.Message ?? exception.GetType().Name}", cause),
        ApiException { InnerException: JsonException } or JsonException =>
            new ProviderUnavailableException("Twilio answered something other than its JSON."),
        _ => null,
    };

    /// <summary>Whether a listed message is this send: same recipient, sender and text, created after the claim.</summary>
    /// <remarks>The library gives creation dates as local times (<see cref="DateTimeKind.Local"/>).</remarks>
    private bool IsAttempt(MessageResource message, OutgoingSms sms, DateTimeOffset earliest) =>
        message is { Sid.Length: > 0, DateCreated: { } created }
        && message.To == sms.To
        && message.Body == sms.Text
        && (string.IsNullOrWhiteSpace(Settings.MessagingServiceSid) ? message.From?.ToString() == Settings.From : message.MessagingServiceSid == Settings.MessagingServiceSid)
        && new DateTimeOffset(created) >= earliest;

    /// <summary>Whether Twilio refused the message for a reason of its own (4xx), rather than failed or timed out.</summary>
    /// <remarks>401 is not a refusal of the message but wrong credentials: steps wait (as in an outage) until the setting is fixed.</remarks>
    private static bool IsRefusal(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.Unauthorized);

    /// <summary>How long a 429 asks to wait, from <c>Retry-After</c> as seconds or as a date.</summary>
    private TimeSpan? RetryAfter(HttpResponseHeaders? headers) => headers?.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    /// <summary>An error answer's HTTP status, and <c>Twilio &lt;code&gt;: &lt;message&gt;</c> without the recipient's number.</summary>
    private static (HttpStatusCode Status, string Description) Describe(ApiException exception, Response? response, OutgoingSms sms)
    {
        var status = response?.StatusCode ?? (HttpStatusCode)exception.Status;
        var description = exception.Code != 0
            ? $"Twilio {exception.Code}: {exception.Message}"
            : $"Twilio answered {(int)status} {status}.";
        return (status, description.Replace(sms.To, "[recipient]", StringComparison.Ordinal));
    }
}
