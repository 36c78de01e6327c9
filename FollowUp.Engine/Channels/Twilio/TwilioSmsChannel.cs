using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>Sends text messages through the Twilio Messages REST API.</summary>
/// <remarks>
/// A message is created with one POST on <see cref="ProviderHttp.Single"/>: Twilio has no idempotency key for it, so a
/// retry inside the HTTP pipeline could send the text twice. When the outcome is unknown, the dispatcher calls
/// <see cref="FindSentAsync"/> before any new attempt. Twilio's error text is passed on with the recipient's number
/// replaced, so that no number reaches a log or a step's detail.
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

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private TwilioOptions Settings => options.Value.Twilio;

    /// <inheritdoc />
    public async Task<string> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["To"] = sms.To, ["Body"] = sms.Text };
        if (!string.IsNullOrWhiteSpace(Settings.MessagingServiceSid))
        {
            form["MessagingServiceSid"] = Settings.MessagingServiceSid;
        }
        else
        {
            form["From"] = Settings.From ?? "";
        }

        if (options.Value.PublicBaseUrl is { } publicBaseUrl)
        {
            form["StatusCallback"] = TwilioStatusEndpoints.CallbackUrl(publicBaseUrl, sms.Key);
        }

        using var request = Request(HttpMethod.Post, MessagesPath());
        request.Content = new FormUrlEncodedContent(form);
        using var response = await CallAsync(ProviderHttp.Single, request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var created = await ReadAsync<TwilioMessage>(response, cancellationToken);
            return created?.Sid is { Length: > 0 } sid
                ? sid
                : throw new ProviderUnavailableException($"Twilio answered {(int)response.StatusCode} without a message sid.");
        }

        var (code, error) = await ReadErrorAsync(response, sms, cancellationToken);
        throw response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new ProviderThrottledException(error, RetryAfter(response)),
            var status when IsRefusal(status) && code == UnsubscribedRecipient => new RecipientOptedOutException(error),
            var status when IsRefusal(status) => new PermanentSendException(error),
            _ => new ProviderUnavailableException(error),
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// The list is not filtered with <c>DateSent</c>: a message Twilio accepted but still holds in its queue has no send
    /// date yet and would be left out. Messages to the recipient are read instead and matched on their creation date,
    /// sender and text.
    /// </remarks>
    public async Task<string?> FindSentAsync(OutgoingSms sms, DateTimeOffset claimedUtc, CancellationToken cancellationToken)
    {
        var earliest = claimedUtc - ClockSkew;
        string? path = $"{MessagesPath()}?To={Uri.EscapeDataString(sms.To)}&PageSize={PageSize}";
        for (var page = 0; page < MaxPages && path is not null; page++)
        {
            using var request = Request(HttpMethod.Get, path);
            using var response = await CallAsync(ProviderHttp.Retrying, request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var (_, error) = await ReadErrorAsync(response, sms, cancellationToken);
                throw new ProviderUnavailableException($"Could not list the messages sent: {error}");
            }

            var list = await ReadAsync<TwilioMessagePage>(response, cancellationToken);
            if (list?.Messages?.FirstOrDefault(message => IsAttempt(message, sms, earliest)) is { } sent)
            {
                logger.LogInformation("Twilio has {StepId} of {EnrollmentId} as {MessageSid}", sms.Key.StepId, sms.Key.EnrollmentId, sent.Sid);
                return sent.Sid;
            }

            path = list?.NextPageUri;
        }

        logger.LogInformation("Twilio has no trace of {StepId} of {EnrollmentId}", sms.Key.StepId, sms.Key.EnrollmentId);
        return null;
    }

    /// <summary>Whether a listed message is this send: same recipient, sender and text, created after the claim.</summary>
    private bool IsAttempt(TwilioMessage message, OutgoingSms sms, DateTimeOffset earliest) =>
        message is { Sid.Length: > 0 }
        && message.To == sms.To
        && message.Body == sms.Text
        && (string.IsNullOrWhiteSpace(Settings.MessagingServiceSid) ? message.From == Settings.From : message.MessagingServiceSid == Settings.MessagingServiceSid)
        && DateTimeOffset.TryParse(message.DateCreated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
        && created >= earliest;

    private string MessagesPath() => $"/2010-04-01/Accounts/{Uri.EscapeDataString(Settings.AccountSid ?? "")}/Messages.json";

    /// <summary>A request to Twilio, authenticated with the account SID and auth token.</summary>
    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Settings.BaseUrl, path));
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Settings.AccountSid}:{Settings.AuthToken}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return request;
    }

    /// <summary>Sends a request; a connection failure or timeout becomes <see cref="ProviderUnavailableException"/>.</summary>
    private async Task<HttpResponseMessage> CallAsync(string client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.CreateClient(client).SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ProviderUnavailableException($"Twilio could not be reached: {exception.Message}", exception);
        }
    }

    /// <summary>Whether Twilio refused the message for a reason of its own (4xx), rather than failed or timed out.</summary>
    /// <remarks>401 is not a refusal of the message but wrong credentials: steps wait (as in an outage) until the setting is fixed.</remarks>
    private static bool IsRefusal(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.Unauthorized);

    /// <summary>How long a 429 asks to wait, from <c>Retry-After</c> as seconds or as a date.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>Reads an error answer: Twilio's code, and <c>Twilio &lt;code&gt;: &lt;message&gt;</c> without the recipient's number.</summary>
    private static async Task<(int? Code, string Description)> ReadErrorAsync(HttpResponseMessage response, OutgoingSms sms, CancellationToken cancellationToken)
    {
        var error = await ReadAsync<TwilioError>(response, cancellationToken);
        var description = error is { Code: { } code }
            ? $"Twilio {code}: {error.Message}"
            : $"Twilio answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        return (error?.Code, description.Replace(sms.To, "[recipient]", StringComparison.Ordinal));
    }

    /// <summary>A message as Twilio lists or creates it; dates are RFC 2822 (<c>Tue, 26 Jul 2016 12:50:07 +0000</c>).</summary>
    private sealed record TwilioMessage(string? Sid, string? To, string? From, string? MessagingServiceSid, string? Body, string? DateCreated);

    /// <summary>One page of the message list.</summary>
    private sealed record TwilioMessagePage(List<TwilioMessage>? Messages, string? NextPageUri);

    /// <summary>Twilio's error answer: <c>{code, message, more_info, status}</c>.</summary>
    private sealed record TwilioError(int? Code, string? Message);
}
