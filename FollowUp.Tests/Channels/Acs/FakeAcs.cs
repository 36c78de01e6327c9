using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>
/// Plays the ACS Email API on a loopback port: checks each request's authentication as ACS does (recomputing the
/// HMAC signature with <see cref="AccessKey"/>, or comparing the bearer token), honours repeatable requests as ACS
/// documents them (a repeat gets 409 while the first is in progress, the first's answer once it ended, 400 when it differs,
/// 412 past the 5-minute window), runs every other send (counted in <see cref="EmailsSent"/>: a repeated
/// <c>Operation-Id</c> alone does not stop it), and answers the status of the operations it accepted.
/// </summary>
public sealed class FakeAcs : IAsyncDisposable
{
    /// <summary>The resource's access key; its base64 text is what must never leak.</summary>
    public static readonly string AccessKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("acs-test-key:do-not-leak:0123456789abcdef"));

    private const string SendPath = "/emails:send?api-version=2025-09-01";
    private const string OperationsPrefix = "/emails/operations/";

    private readonly LoopbackHttpServer server;
    private readonly ConcurrentDictionary<string, byte> operations = new();
    private readonly ConcurrentQueue<IResult> scriptedAnswers = new();
    private readonly ConcurrentQueue<string> authenticationFailures = new();
    private readonly Dictionary<string, FakeAcsRequest> repeatable = [];
    private int emailsSent;
    private int responsesToDrop;

    private FakeAcs(LoopbackHttpServer server)
    {
        this.server = server;
        server.Handler = Answer;
    }

    /// <summary>The resource endpoint, <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Endpoint => server.BaseUrl;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => server.Requests;

    /// <summary>The send requests received, in order, whatever they were answered.</summary>
    public IReadOnlyList<RecordedRequest> Sends => [.. Requests.Where(r => r.Method == "POST")];

    /// <summary>The operation-status requests received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Reads => [.. Requests.Where(r => r.Method == "GET")];

    /// <summary>How many distinct operations were accepted: the number of emails that would go out.</summary>
    public int AcceptedOperations => operations.Count;

    /// <summary>Why requests were refused as unauthenticated; empty when every request was signed right.</summary>
    public IReadOnlyList<string> AuthenticationFailures => [.. authenticationFailures];

    /// <summary>When set, requests must carry this bearer token instead of an HMAC signature.</summary>
    public string? ExpectedBearerToken { get; set; }

    /// <summary>The status every accepted operation reports.</summary>
    public string OperationStatus { get; set; } = "Running";

    /// <summary>The error accepted operations report with a failed status, as <c>(code, message)</c>.</summary>
    public (string Code, string Message)? OperationError { get; set; }

    /// <summary>Runs after a send is accepted and before it is answered, as a crash at that moment would.</summary>
    public Action? AfterAccepting { get; set; }

    /// <summary>How many sends were run: the emails that would go out.</summary>
    public int EmailsSent => Volatile.Read(ref emailsSent);

    /// <summary>ACS's clock, against which first-sent times are judged; the real clock unless a test moves it.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>How long the answer to a dropped send is held back: the send is in progress meanwhile; zero closes the connection at once.</summary>
    public TimeSpan DropDelay { get; set; }

    /// <summary>When true, operation-status reads answer 404 whatever was accepted, as before an operation becomes visible.</summary>
    public bool HideOperations { get; set; }

    /// <summary>Drops the answers to the next <paramref name="count"/> sends after handling them: the client never learns how they ended.</summary>
    public void DropNextResponses(int count) => Volatile.Write(ref responsesToDrop, count);

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FakeAcs> StartAsync() => new(await LoopbackHttpServer.StartAsync());

    /// <summary>Answers the next authenticated requests with these, in order, before answering as ACS again.</summary>
    public void AnswerNext(params IResult[] answers)
    {
        foreach (var answer in answers)
        {
            scriptedAnswers.Enqueue(answer);
        }
    }

    /// <summary>Marks an operation as accepted earlier, as if a send had reached ACS before.</summary>
    public void Accept(string operationId) => operations.TryAdd(operationId, 0);

    /// <summary>An ACS answer: a status code, headers, and a JSON body.</summary>
    public static IResult Reply(int status, object? body = null, params (string Name, string Value)[] headers) => new FakeAcsReply(status, body, headers);

    /// <summary>An ACS error answer, <c>{"error":{"code","message"}}</c>, with its <c>x-ms-error-code</c> header.</summary>
    public static IResult Error(int status, string code, string message, params (string Name, string Value)[] headers) =>
        Reply(status, new { error = new { code, message } }, [("x-ms-error-code", code), .. headers]);

    /// <summary>The signature ACS expects on <paramref name="request"/>, computed independently of the channel.</summary>
    public static string ExpectedSignature(RecordedRequest request)
    {
        var stringToSign = $"{request.Method}\n{request.PathAndQuery}\n{request.Headers["x-ms-date"]};{request.Headers["Host"]};{request.Headers["x-ms-content-sha256"]}";
        return Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(AccessKey), Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>
    /// The internet Message-ID (without angle brackets) the email of <paramref name="send"/> goes out with, as ACS documents
    /// it for a request without <c>x-ms-acsemail-validate-message-id</c>: the <c>Message-ID</c> custom header when it is a
    /// valid <c>&lt;left@domain&gt;</c> id, else one ACS makes up.
    /// </summary>
    public static string InternetMessageIdOf(RecordedRequest send)
    {
        using var message = JsonDocument.Parse(send.Body);
        return message.RootElement.TryGetProperty("headers", out var headers) && headers.TryGetProperty("Message-ID", out var given)
            && Regex.Match(given.GetString() ?? "", @"^<([^<>@\s]+@[^<>@\s]+\.[^<>@\s]+)>$") is { Success: true } valid
                ? valid.Groups[1].Value
                : $"{Guid.NewGuid():N}@azurecomm.net";
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private IResult Answer(RecordedRequest request)
    {
        if (AuthenticationProblem(request) is { } problem)
        {
            authenticationFailures.Enqueue(problem);
            return Error(401, "Denied", "Denied by the fake ACS.");
        }

        if (scriptedAnswers.TryDequeue(out var scripted))
        {
            return scripted;
        }

        if (request is { Method: "POST", PathAndQuery: SendPath })
        {
            return AnswerSend(request);
        }

        if (request.Method == "GET" && request.PathAndQuery.StartsWith(OperationsPrefix, StringComparison.Ordinal))
        {
            var operationId = request.PathAndQuery[OperationsPrefix.Length..].Split('?')[0];
            return operations.ContainsKey(operationId) && !HideOperations
                ? Reply(200, OperationError is { } error && OperationStatus is "Failed" or "Canceled"
                    ? new { id = operationId, status = OperationStatus, error = new { code = error.Code, message = error.Message } }
                    : new { id = operationId, status = OperationStatus })
                : Error(404, "NotFound", $"Operation {operationId} was not found.");
        }

        return Error(404, "NotFound", "No such route.");
    }

    private IResult AnswerSend(RecordedRequest request)
    {
        if (!request.Headers.TryGetValue("Operation-Id", out var operationId) || !Guid.TryParse(operationId, out _))
        {
            return Error(400, "InvalidOperationId", "Operation-Id must be a GUID.");
        }

        if (!request.Headers.TryGetValue("Repeatability-Request-Id", out var requestId) || !Guid.TryParse(requestId, out _)
            || !request.Headers.TryGetValue("Repeatability-First-Sent", out var firstSentText)
            || !DateTimeOffset.TryParseExact(firstSentText, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var firstSent))
        {
            return Error(400, "InvalidRepeatabilityHeaders", "Repeatability-Request-Id must be a GUID and Repeatability-First-Sent an IMF-fixdate.");
        }

        if (Clock() - firstSent > TimeSpan.FromMinutes(5))
        {
            return Error(412, "PreconditionFailed", "Repeatability-First-Sent header is not within the 5 minutes window.");
        }

        FakeAcsRequest tracked;
        lock (repeatable)
        {
            if (repeatable.TryGetValue(requestId, out var earlier))
            {
                if (earlier.FirstSent != firstSent || earlier.Body != request.Body)
                {
                    return Error(400, "RepeatabilityMismatch", "The repeated request does not match the first.");
                }

                if (earlier.Answer is null)
                {
                    return Error(409, "Conflict", "The original request is still in progress.");
                }

                return Dropped(earlier.Answer, () => { });
            }

            tracked = new FakeAcsRequest(firstSent, request.Body);
            repeatable[requestId] = tracked;
        }

        operations.TryAdd(operationId, 0);
        Interlocked.Increment(ref emailsSent);
        AfterAccepting?.Invoke();
        var accepted = Reply(202, new { id = operationId, status = "Running" },
            ("Operation-Location", $"{Endpoint.AbsoluteUri.TrimEnd('/')}{OperationsPrefix}{operationId}?api-version=2025-09-01"),
            ("retry-after", "1"));
        return Dropped(accepted, () => tracked.Answer = accepted);
    }

    /// <summary>The answer as given, or, while answers are being dropped, one held back past <see cref="DropDelay"/> or a closed connection; <paramref name="end"/> marks the request ended.</summary>
    private IResult Dropped(IResult answer, Action end)
    {
        if (Interlocked.Decrement(ref responsesToDrop) < 0)
        {
            Interlocked.Exchange(ref responsesToDrop, 0);
            end();
            return answer;
        }

        return new FakeAcsDroppedReply(DropDelay, end);
    }

    /// <summary>What ACS would refuse in the request's authentication, or null when it is right.</summary>
    private string? AuthenticationProblem(RecordedRequest request)
    {
        var authorization = request.Headers.GetValueOrDefault("Authorization");
        if (ExpectedBearerToken is { } token)
        {
            return authorization == $"Bearer {token}" ? null : "wrong or missing bearer token";
        }

        if (!request.Headers.TryGetValue("x-ms-date", out var date)
            || !DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return "x-ms-date is missing or not an RFC 1123 date";
        }

        if ((signedAt - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromMinutes(15))
        {
            return "x-ms-date is more than 15 minutes off";
        }

        if (request.Headers.GetValueOrDefault("x-ms-content-sha256") != Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body))))
        {
            return "x-ms-content-sha256 does not match the body";
        }

        return authorization == $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={ExpectedSignature(request)}"
            ? null
            : "the HMAC signature does not match";
    }
}
