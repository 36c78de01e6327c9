using System.Diagnostics;

namespace FollowUp.Benchmarks.Sweep;

/// <summary>Counts the HTTP requests this process sends (every storage call is one), by method, while it is listening.</summary>
internal sealed class RequestCounter : IDisposable
{
    private readonly ActivityListener listener;
    private int reads;
    private int all;

    public RequestCounter()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Count,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>GET requests: point reads and queries.</summary>
    public int Reads => reads;

    /// <summary>Every request.</summary>
    public int All => all;

    /// <summary>Starts counting from zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref reads, 0);
        Interlocked.Exchange(ref all, 0);
    }

    public void Dispose() => listener.Dispose();

    private void Count(Activity activity)
    {
        Interlocked.Increment(ref all);
        if (activity.GetTagItem("http.request.method") is "GET")
        {
            Interlocked.Increment(ref reads);
        }
    }
}
