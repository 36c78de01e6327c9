using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly.Timeout;

namespace FollowUp.Engine.Channels.Acs;

/// <summary>Sends email through the Azure Communication Services Email REST API, and asks it how each send ended.</summary>
/// <remarks>
/// Each send carries an <c>Operation-Id</c> derived from its enrollment and step (<see cref="AcsOperationId"/>), and the
/// operation id is the provider message id: <c>GET emails/operations/{id}</c> tells whether a send was accepted
/// (<see cref="FindSentAsync"/>) and how it ended (<see cref="GetDeliveryAsync"/>). Each send is also a repeatable request
/// (<see cref="AcsRepeatability"/>) whose first-sent time is kept with the send's claim, so the HTTP retries of
/// <see cref="ProviderHttp.Retrying"/> and the dispatcher's later attempts within ACS's window are repeats ACS does not
/// run twice. A 409 (the first request is still in progress) is waited out by asking for the operation, never by sending
/// again; a 412 (the first-sent time is past the window) is settled by asking for the operation, and without a trace of
/// it the dispatcher starts a new attempt. Each email asks ACS to send the Message-ID <see cref="InternetMessageId"/>, so
/// replies thread back to it as they do with SMTP. A 401 or 403 is taken as an outage rather than a refusal of the email: a wrong
/// or rotated key or a missing role assignment is fixed in configuration, and the steps then go out instead of failing.
/// </remarks>
public sealed class AcsEmailChannel(
    IHttpClientFactory http,
    IOptions<FollowUpOptions> options,
    IOptions<ProviderHttpOptions> httpOptions,
    TimeProvider time,
    ILogger<AcsEmailChannel> logger,
    TokenCredential? credential = null)
    : IEmailChannel, IDeliveryTracker, IDisposable
{
    /// <summary>The version of the Email REST API this channel speaks.</summary>
    public const string ApiVersion = "2025-09-01";

    /// <summary>The longest provider error kept in an exception message (and so on a step).</summary>
    private const int MaxErrorLength = 300;

    private readonly AcsAuthenticator authenticator = new(options.Value.Acs, time, credential);

    /// <inheritdoc />
    /// <remarks>Without <see cref="OutgoingEmail.FirstSentUtc"/> the attempt is taken to begin now.</remarks>
    public async Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        try
        {
            return await SendOnceAsync(email, cancellationToken);
        }
        catch (ProviderUnavailableException exception)
        {
            return SendResult.Unavailable(exception.Message);
        }
    }

    /// <summary>Posts the send and reads ACS's answer; a failure to reach or authenticate with ACS is thrown as <see cref="ProviderUnavailableException"/>.</summary>
    private async Task<SendResult> SendOnceAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var operationId = AcsOperationId.For(email.Key);
        var body = JsonSerializer.SerializeToUtf8Bytes(MessageOf(email));
        using var request = new HttpRequestMessage(HttpMethod.Post, Address("emails:send"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add("Operation-Id", operationId);
        AcsRepeatability.Add(request, email.Key, email.FirstSentUtc ?? time.GetUtcNow(), body);
        using var response = await ExchangeAsync(request, body, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            logger.LogDebug("ACS accepted operation {OperationId} for {StepId} of {EnrollmentId}", operationId, email.Key.StepId, email.Key.EnrollmentId);
            return SendResult.Sent(operationId);
        }

        var error = await DescribeErrorAsync(response, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
                return SendResult.Throttled($"ACS throttled the send: {error}", RetryAfter(response));
            case HttpStatusCode.Conflict:
                return await AwaitEarlierRequestAsync(email, operationId, error, cancellationToken);
            case HttpStatusCode.PreconditionFailed when await ReadOperationAsync(operationId, cancellationToken) is not null:
                logger.LogInformation("ACS holds operation {OperationId} for {StepId} of {EnrollmentId} from an attempt past its repeat window; not sending again",
                    operationId, email.Key.StepId, email.Key.EnrollmentId);
                return SendResult.Sent(operationId);
            case HttpStatusCode.PreconditionFailed:
                return SendResult.Unavailable($"ACS no longer tracks the first attempt and has no trace of it; the next attempt starts afresh: {error}");
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.RequestTimeout:
            case >= HttpStatusCode.InternalServerError:
                return SendResult.Unavailable($"ACS answered {(int)response.StatusCode} to the send: {error}");
            default:
                return SendResult.Refused(error);
        }
    }

    /// <summary>After a 409 (ACS is still working on the first request of this attempt): asks for the operation, with waits growing from <c>FollowUp:Http:RetryDelay</c>, instead of sending again.</summary>
    /// <returns>Sent when the operation appeared; otherwise unavailable, and the send path asks again before any other attempt.</returns>
    private async Task<SendResult> AwaitEarlierRequestAsync(OutgoingEmail email, string operationId, string error, CancellationToken cancellationToken)
    {
        var settings = httpOptions.Value;
        for (var ask = 0; ask <= settings.MaxRetries; ask++)
        {
            await Task.Delay(settings.RetryDelay * Math.Pow(2, ask), TimeProvider.System, cancellationToken);
            if (await ReadOperationAsync(operationId, cancellationToken) is not null)
            {
                logger.LogInformation("ACS accepted operation {OperationId} for {StepId} of {EnrollmentId} from an earlier request; not sending again",
                    operationId, email.Key.StepId, email.Key.EnrollmentId);
                return SendResult.Sent(operationId);
            }
        }

        return SendResult.Unavailable($"ACS is still working on an earlier request of this send: {error}");
    }

    /// <inheritdoc />
    /// <remarks>ACS knows the operation (whatever its status) only if it accepted the send; 404 means it never did.</remarks>
    /// <exception cref="ProviderUnavailableException">ACS could not be asked, or gave another answer.</exception>
    public async Task<string?> FindSentAsync(OutgoingEmail email, DateTimeOffset claimedUtc, CancellationToken cancellationToken)
    {
        var operationId = AcsOperationId.For(email.Key);
        return await ReadOperationAsync(operationId, cancellationToken) is null ? null : operationId;
    }

    /// <inheritdoc />
    public async Task<DeliveryReport?> GetDeliveryAsync(string providerMessageId, CancellationToken cancellationToken)
    {
        var json = await ReadOperationAsync(providerMessageId, cancellationToken)
            ?? throw new ProviderUnavailableException($"ACS has no operation {providerMessageId}.");
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return StringOf(root, "status") switch
            {
                "Succeeded" => new DeliveryReport("succeeded", null),
                ("Failed" or "Canceled") and var status => new DeliveryReport("failed", ErrorOf(root) ?? status),
                _ => null,
            };
        }
        catch (JsonException exception)
        {
            throw new ProviderUnavailableException($"ACS answered unreadable JSON about operation {providerMessageId}.", exception);
        }
    }

    /// <inheritdoc />
    public void Dispose() => authenticator.Dispose();

    /// <summary>The JSON message of the Email send API.</summary>
    private JsonObject MessageOf(OutgoingEmail email)
    {
        var settings = options.Value.Email;
        var sender = MailboxAddress.Parse(settings.From);
        var headers = new JsonObject { ["Message-ID"] = $"<{InternetMessageId(email.Key, sender.Domain)}>" };
        foreach (var header in email.Headers)
        {
            headers[header.Key] = header.Value;
        }

        var message = new JsonObject
        {
            ["senderAddress"] = sender.Address,
            ["content"] = WithoutNulls(new JsonObject { ["subject"] = email.Subject, ["plainText"] = email.Text, ["html"] = email.Html }),
            ["recipients"] = new JsonObject { ["to"] = new JsonArray(AddressOf(email.To, email.ToName)) },
            ["headers"] = headers,
        };
        if ((email.ReplyTo ?? settings.ReplyTo) is { } replyTo)
        {
            var mailbox = MailboxAddress.Parse(replyTo);
            message["replyTo"] = new JsonArray(AddressOf(mailbox.Address, mailbox.Name));
        }

        if (email.Attachments is { Count: > 0 } attachments)
        {
            message["attachments"] = new JsonArray([.. attachments.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.FileName,
                ["contentType"] = a.ContentType,
                ["contentInBase64"] = Convert.ToBase64String(a.Content),
            })]);
        }

        return message;
    }

    /// <summary>The internet Message-ID this channel asks ACS to send (without angle brackets): <c>enrollment.step@sender-domain</c>, as the SMTP channel sends it.</summary>
    /// <remarks>
    /// Replies name it in <c>In-Reply-To</c> and <c>References</c>, and thread matching reads the enrollment from it. ACS
    /// takes the id from the <c>Message-ID</c> custom header; without <c>x-ms-acsemail-validate-message-id</c> it replaces
    /// an id it finds invalid or already used by one of its own instead of refusing the email, so a send never fails
    /// over it, and a reply to such an email is matched by its reply token or sender instead.
    /// </remarks>
    public static string InternetMessageId(SendKey key, string senderDomain) => $"{key.EnrollmentId}.{key.StepId}@{senderDomain}";

    private static JsonObject AddressOf(string address, string? displayName) =>
        WithoutNulls(new JsonObject { ["address"] = address, ["displayName"] = string.IsNullOrEmpty(displayName) ? null : displayName });

    private static JsonObject WithoutNulls(JsonObject json)
    {
        foreach (var name in json.Where(property => property.Value is null).Select(property => property.Key).ToList())
        {
            json.Remove(name);
        }

        return json;
    }

    /// <summary>Reads an operation's status document; null when ACS does not know the operation (404).</summary>
    private async Task<string?> ReadOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Address($"emails/operations/{Uri.EscapeDataString(operationId)}"));
        using var response = await ExchangeAsync(request, [], cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ProviderUnavailableException(
                $"ACS answered {(int)response.StatusCode} about operation {operationId}: {await DescribeErrorAsync(response, cancellationToken)}");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Authenticates and sends a request through the retrying client; a transport failure after the retries is an outage.</summary>
    private async Task<HttpResponseMessage> ExchangeAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
    {
        await authenticator.AuthenticateAsync(request, body, cancellationToken);
        try
        {
            return await http.CreateClient(ProviderHttp.Retrying).SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ProviderUnavailableException($"ACS could not be reached: {exception.GetType().Name}.", exception);
        }
    }

    private Uri Address(string relative) =>
        new($"{options.Value.Acs.Endpoint!.AbsoluteUri.TrimEnd('/')}/{relative}?api-version={ApiVersion}");

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The provider's error as <c>code: message</c>, from the ACS error body, else its error-code header, else the status.</summary>
    private static async Task<string> DescribeErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (ErrorOf(document.RootElement) is { } described)
            {
                return described;
            }
        }
        catch (JsonException)
        {
            // Not an ACS error body: fall back to the header or the status.
        }

        return response.Headers.TryGetValues("x-ms-error-code", out var codes)
            ? Shorten(string.Join(",", codes))
            : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
    }

    /// <summary>The <c>error</c> property of an ACS answer as <c>code: message</c>, shortened; null when there is none.</summary>
    private static string? ErrorOf(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("error", out var error))
        {
            return null;
        }

        var described = (StringOf(error, "code"), StringOf(error, "message")) switch
        {
            ({ } code, { } message) => $"{code}: {message}",
            ({ } code, null) => code,
            (null, { } message) => message,
            _ => null,
        };
        return described is null ? null : Shorten(described);
    }

    private static string? StringOf(JsonElement json, string property) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Shorten(string text) => text.Length <= MaxErrorLength ? text : string.Concat(text.AsSpan(0, MaxErrorLength - 1), "…");
}
