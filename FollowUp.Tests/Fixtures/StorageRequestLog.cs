using System.Collections.Concurrent;
using System.Diagnostics;

namespace FollowUp.Tests.Fixtures;

/// <summary>Records the HTTP requests (every storage call is one) made under one trace, started by <see cref="Start"/>, so other tests' requests are not seen.</summary>
public sealed class StorageRequestLog : IDisposable
{
    private readonly ConcurrentQueue<(string Method, string Path)> requests = new();
    private readonly ActivityListener listener;
    private readonly Activity trace;

    private StorageRequestLog()
    {
        trace = new Activity(nameof(StorageRequestLog)).SetIdFormat(ActivityIdFormat.W3C).Start();
        var traceId = trace.TraceId;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == traceId ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId && activity.GetTagItem("url.full") is string url)
                {
                    requests.Enqueue((activity.GetTagItem("http.request.method") as string ?? "", Uri.UnescapeDataString(new Uri(url).AbsolutePath)));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Starts a trace and records the requests made under it, from this async flow, until disposed.</summary>
    public static StorageRequestLog Start() => new();

    /// <summary>The requests so far: method and URL path.</summary>
    public IReadOnlyList<(string Method, string Path)> Requests => [.. requests];

    /// <inheritdoc />
    public void Dispose()
    {
        trace.Stop();
        listener.Dispose();
    }
}
