using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Tests.Fixtures;

/// <summary>A fake provider on a loopback port: records every request and answers with a handler the test sets.</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    private LoopbackHttpServer(WebApplication app)
    {
        this.app = app;
        BaseUrl = new Uri(app.Urls.First());
    }

    /// <summary>The server's address, <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Answers each request; by default 404. Replace it at any time.</summary>
    public Func<RecordedRequest, IResult> Handler { get; set; } = _ => Results.NotFound();

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<LoopbackHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackHttpServer? server = null;
        app.Run(async context =>
        {
            // Telemetry channels send gzip; the recorded body is the text they compressed.
            var body = context.Request.Headers.ContentEncoding == "gzip"
                ? new System.IO.Compression.GZipStream(context.Request.Body, System.IO.Compression.CompressionMode.Decompress)
                : context.Request.Body;
            using var reader = new StreamReader(body);
            var recorded = new RecordedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync());
            server!.requests.Enqueue(recorded);
            await server.Handler(recorded).ExecuteAsync(context);
        });
        await app.StartAsync();
        server = new LoopbackHttpServer(app);
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>One request a <see cref="LoopbackHttpServer"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query string, as sent.</param>
/// <param name="Headers">The headers, by case-insensitive name.</param>
/// <param name="Body">The body as text (decompressed, when it came as gzip).</param>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
