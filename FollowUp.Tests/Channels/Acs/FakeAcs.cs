using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>
/// Plays the ACS Email API on a loopback port: checks each request's authentication as ACS does (recomputing the
/// HMAC signature with <see cref="AccessKey"/>, or comparing the bearer token), accepts sends once per
/// <c>Operation-Id</c>, and answers the status of the operations it accepted.
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
            return operations.ContainsKey(operationId)
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

        operations.TryAdd(operationId, 0);
        AfterAccepting?.Invoke();
        return Reply(202, new { id = operationId, status = "Running" },
            ("Operation-Location", $"{Endpoint.AbsoluteUri.TrimEnd('/')}{OperationsPrefix}{operationId}?api-version=2025-09-01"),
            ("retry-after", "1"));
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
