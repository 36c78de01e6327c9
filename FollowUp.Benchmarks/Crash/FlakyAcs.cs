using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FollowUp.Benchmarks.Crash;

/// <summary>
/// The ACS Email API on a loopback port, failing about a fifth of the requests it gets: it honours repeatable requests as
/// ACS documents them and counts every email it really sends, by recipient and subject.
/// </summary>
/// <remarks>
/// A repeated <c>Repeatability-Request-Id</c> is not run again: it gets 409 while the first is in progress and the first's
/// answer once it ended; a first-sent time older than 5 minutes gets 412. A new request id is a new email, even for an
/// operation id seen before, so a second send of a step shows in <see cref="Deliveries"/>. Of the requests, a tenth get
/// 503 or 429 before anything happens, and a tenth of the sends are run and then lose their answer (the connection is
/// aborted), as when ACS accepted an email and the network failed.
/// </remarks>
internal sealed class FlakyAcs : IAsyncDisposable
{
    private const string SendPath = "/emails:send";
    private const string OperationsPrefix = "/emails/operations/";
    private static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(5);

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> deliveries = new();
    private readonly ConcurrentDictionary<string, byte> operations = new();
    private readonly Dictionary<string, bool> requests = [];
    private int refused;
    private int dropped;
    private int conflicts;

    private FlakyAcs(WebApplication app)
    {
        this.app = app;
        app.Run(AnswerAsync);
    }

    /// <summary>The endpoint, <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every email sent, as the times it went out, by <c>recipient|subject</c>.</summary>
    public IReadOnlyDictionary<string, ConcurrentQueue<DateTimeOffset>> Deliveries => deliveries;

    /// <summary>Requests answered 503 or 429 before anything was done.</summary>
    public int Refused => Volatile.Read(ref refused);

    /// <summary>Sends that were run and whose answer was then lost.</summary>
    public int Dropped => Volatile.Read(ref dropped);

    /// <summary>Repeats answered 409 because the first request was still in progress.</summary>
    public int Conflicts => Volatile.Read(ref conflicts);

    /// <summary>The key under which an email to <paramref name="recipient"/> with <paramref name="subject"/> is counted.</summary>
    public static string KeyOf(string recipient, string subject) => $"{recipient}|{subject}";

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FlakyAcs> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var fake = new FlakyAcs(builder.Build());
        await fake.app.StartAsync(cancellationToken);
        var address = fake.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.Endpoint = new Uri(address);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var roll = Random.Shared.NextDouble();
        if (roll < 0.1)
        {
            Interlocked.Increment(ref refused);
            if (roll < 0.05)
            {
                context.Response.Headers.RetryAfter = "1";
                await ErrorAsync(context, 429, "TooManyRequests");
            }
            else
            {
                await ErrorAsync(context, 503, "ServiceUnavailable");
            }

            return;
        }

        if (request.Method == "POST" && request.Path.Value == SendPath)
        {
            await SendAsync(context, dropAnswer: roll > 0.9);
            return;
        }

        if (request.Method == "GET" && request.Path.Value is { } path && path.StartsWith(OperationsPrefix, StringComparison.Ordinal))
        {
            var operationId = path[OperationsPrefix.Length..];
            if (operations.ContainsKey(operationId))
            {
                await context.Response.WriteAsJsonAsync(new { id = operationId, status = "Succeeded" });
            }
            else
            {
                await ErrorAsync(context, 404, "NotFound");
            }

            return;
        }

        await ErrorAsync(context, 404, "NoSuchRoute");
    }

    private async Task SendAsync(HttpContext context, bool dropAnswer)
    {
        var headers = context.Request.Headers;
        var operationId = headers["Operation-Id"].ToString();
        var requestId = headers["Repeatability-Request-Id"].ToString();
        if (!Guid.TryParse(operationId, out _) || !Guid.TryParse(requestId, out _)
            || !DateTimeOffset.TryParseExact(headers["Repeatability-First-Sent"].ToString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var firstSent))
        {
            await ErrorAsync(context, 400, "InvalidHeaders");
            return;
        }

        if (DateTimeOffset.UtcNow - firstSent > RepeatWindow)
        {
            await ErrorAsync(context, 412, "PreconditionFailed");
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var message = body.RootElement;
        var recipient = message.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString()!;
        var subject = message.GetProperty("content").GetProperty("subject").GetString()!;

        lock (requests)
        {
            if (requests.TryGetValue(requestId, out var ended))
            {
                if (!ended)
                {
                    Interlocked.Increment(ref conflicts);
                    context.Response.StatusCode = 409;
                    return;
                }

                context.Response.StatusCode = 202;
                return;
            }

            requests[requestId] = false;
        }

        // The send takes a moment, during which a repeat of it is refused with 409.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 400)));
        deliveries.GetOrAdd(KeyOf(recipient, subject), _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(DateTimeOffset.UtcNow);
        operations.TryAdd(operationId, 0);
        lock (requests)
        {
            requests[requestId] = true;
        }

        if (dropAnswer)
        {
            Interlocked.Increment(ref dropped);
            context.Abort();
            return;
        }

        context.Response.StatusCode = 202;
        await context.Response.WriteAsJsonAsync(new { id = operationId, status = "Running" });
    }

    private static Task ErrorAsync(HttpContext context, int status, string code)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-ms-error-code"] = code;
        return context.Response.WriteAsJsonAsync(new { error = new { code, message = $"The crash benchmark's ACS answered {status}." } });
    }
}
