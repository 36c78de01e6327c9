using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FollowUp.Tests.Channels.Twilio;

/// <summary>Plays the Twilio Messages API on a loopback port: creates messages on POST (or answers what the test scripted), lists them on GET.</summary>
/// <remarks>The engine reaches it through Twilio's library, with <c>FollowUp:Twilio:BaseUrl</c> set to <see cref="BaseUrl"/>.</remarks>
public sealed class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string AuthToken = "auth-token-that-must-stay-secret";
    public const string From = "+15550001111";

    private readonly LoopbackHttpServer server;
    private readonly Func<DateTimeOffset> now;
    private readonly ConcurrentQueue<Func<IResult>> scriptedPosts = new();
    private int created;

    private FakeTwilio(LoopbackHttpServer server, Func<DateTimeOffset> now)
    {
        this.server = server;
        this.now = now;
        server.Handler = Answer;
    }

    public Uri BaseUrl => server.BaseUrl;

    /// <summary>The messages Twilio holds, newest first, as it lists them.</summary>
    public List<Dictionary<string, object?>> Messages { get; } = [];

    /// <summary>How many messages Twilio accepted (created), whether or not the answer reached the caller.</summary>
    public int Created => created;

    public IReadOnlyList<RecordedRequest> Requests => server.Requests;

    public IEnumerable<RecordedRequest> Posts => Requests.Where(r => r.Method == "POST");

    public IEnumerable<RecordedRequest> Gets => Requests.Where(r => r.Method == "GET");

    /// <summary>Starts a fake whose message dates come from <paramref name="now"/>.</summary>
    public static async Task<FakeTwilio> StartAsync(Func<DateTimeOffset> now) => new(await LoopbackHttpServer.StartAsync(), now);

    /// <summary>Answers the next POST with <paramref name="answer"/> instead of creating a message.</summary>
    public void AnswerNextPost(Func<IResult> answer) => scriptedPosts.Enqueue(answer);

    /// <summary>Creates the message first, then drops the connection before answering, as a network failure after Twilio accepted would.</summary>
    public void AcceptNextPostThenDropConnection() => AnswerNextPost(() => new DroppedConnection());

    /// <summary>Creates the message first, then answers only after <paramref name="delay"/>, as a Twilio too slow to answer would.</summary>
    public void AcceptNextPostThenAnswerAfter(TimeSpan delay) => AnswerNextPost(() => new Late(delay));

    /// <summary>Twilio's error answer.</summary>
    public static IResult Error(int status, int code, string message) => Results.Json(
        new Dictionary<string, object?> { ["code"] = code, ["message"] = message, ["more_info"] = $"https://www.twilio.com/docs/errors/{code}", ["status"] = status },
        statusCode: status);

    /// <summary>Twilio's 429, with a <c>Retry-After</c> header (seconds or an HTTP date).</summary>
    public static IResult TooManyRequests(string retryAfter) => new WithRetryAfter(Error(429, 20429, "Too Many Requests"), retryAfter);

    /// <summary>A message as Twilio lists it.</summary>
    public static Dictionary<string, object?> Message(string sid, string to, string body, DateTimeOffset createdUtc, string? from = From, string? messagingServiceSid = null) => new()
    {
        ["sid"] = sid,
        ["account_sid"] = AccountSid,
        ["to"] = to,
        ["from"] = from,
        ["messaging_service_sid"] = messagingServiceSid,
        ["body"] = body,
        ["status"] = "queued",
        ["direction"] = "outbound-api",
        ["date_created"] = createdUtc.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture),
        ["date_sent"] = null,
    };

    /// <summary>One page of the message list as Twilio answers it.</summary>
    /// <remarks>The library reads <c>next_page_uri</c> only beside <c>uri</c>, and counts its pages with <c>page_size</c>.</remarks>
    public static IResult Page(IEnumerable<Dictionary<string, object?>> messages, string? nextPageUri = null) => Results.Json(new Dictionary<string, object?>
    {
        ["messages"] = messages.ToList(),
        ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages.json?PageSize=100&Page=0",
        ["next_page_uri"] = nextPageUri,
        ["page"] = 0,
        ["page_size"] = 100,
    });

    /// <summary>One page in the shape of Twilio's newer APIs, which the library also reads: links are absolute URLs under <c>meta</c>.</summary>
    public static IResult MetaPage(IEnumerable<Dictionary<string, object?>> messages, string? nextPageUrl) => Results.Json(new Dictionary<string, object?>
    {
        ["messages"] = messages.ToList(),
        ["meta"] = new Dictionary<string, object?>
        {
            ["page"] = 0,
            ["page_size"] = 100,
            ["url"] = $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json?PageSize=100&Page=0",
            ["first_page_url"] = $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json?PageSize=100&Page=0",
            ["previous_page_url"] = null,
            ["next_page_url"] = nextPageUrl,
        },
    });

    /// <summary>The form fields of a request body.</summary>
    public static Dictionary<string, string> Form(RecordedRequest request) =>
        QueryHelpers.ParseQuery(request.Body).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>The Basic credentials Twilio expects.</summary>
    public static string BasicCredentials => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));

    private IResult Answer(RecordedRequest request)
    {
        var path = request.PathAndQuery.Split('?')[0];
        if (path != $"/2010-04-01/Accounts/{AccountSid}/Messages.json")
        {
            return Results.NotFound();
        }

        if (request.Method == "GET")
        {
            var to = QueryHelpers.ParseQuery(new Uri(BaseUrl, request.PathAndQuery).Query)["To"].ToString();
            lock (Messages)
            {
                return Page(Messages.Where(m => (string?)m["to"] == to).ToList());
            }
        }

        var answer = scriptedPosts.TryDequeue(out var scripted) ? scripted() : null;
        if (answer is not (null or DroppedConnection or Late))
        {
            return answer;
        }

        var form = Form(request);
        var message = Message($"SM{Guid.NewGuid():N}", form["To"], form["Body"], now(), form.GetValueOrDefault("From"), form.GetValueOrDefault("MessagingServiceSid"));
        lock (Messages)
        {
            Messages.Insert(0, message);
        }

        Interlocked.Increment(ref created);
        var accepted = Results.Json(message, statusCode: StatusCodes.Status201Created);
        return answer is Late late ? late with { Answer = accepted } : answer ?? accepted;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    /// <summary>Adds a <c>Retry-After</c> header to an answer.</summary>
    private sealed class WithRetryAfter(IResult inner, string retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = retryAfter;
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>Gives <see cref="Answer"/> only after <see cref="Delay"/>.</summary>
    private sealed record Late(TimeSpan Delay, IResult? Answer = null) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await Task.Delay(Delay);
            await Answer!.ExecuteAsync(httpContext);
        }
    }

    /// <summary>Resets the connection instead of answering.</summary>
    private sealed class DroppedConnection : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Abort();
            return Task.CompletedTask;
        }
    }
}
