using System.Diagnostics;

namespace FollowUp.Benchmarks.Hostile;

/// <summary>Samples a process's resident memory (working set) every <see cref="Interval"/> until disposed.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    /// <summary>The time between two samples.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly Process process;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long peak;
    private long latest;
    private int count;

    /// <summary>Starts sampling <paramref name="process"/>.</summary>
    public MemorySampler(Process process)
    {
        this.process = process;
        latest = Sample();
        peak = latest;
        sampling = SampleAsync(stop.Token);
    }

    /// <summary>The largest working set sampled so far, in bytes.</summary>
    public long Peak => Interlocked.Read(ref peak);

    /// <summary>The last working set sampled, in bytes.</summary>
    public long Latest => Interlocked.Read(ref latest);

    /// <summary>How many samples were taken.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>Forgets the peak so far, so that the next one is of what follows.</summary>
    public void ResetPeak() => Interlocked.Exchange(ref peak, Latest);

    /// <summary>The kernel's own high-water mark of the process's resident memory (VmHWM), which no sampling interval can miss; null off Linux.</summary>
    public long? KernelPeak()
    {
        var status = $"/proc/{process.Id}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }

    private long Sample()
    {
        process.Refresh();
        Interlocked.Increment(ref count);
        return process.WorkingSet64;
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken) && !process.HasExited)
            {
                var sample = Sample();
                Interlocked.Exchange(ref latest, sample);
                long seen;
                while (sample > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, sample, seen) != seen)
                {
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
