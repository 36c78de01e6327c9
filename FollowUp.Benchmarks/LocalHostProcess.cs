using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FollowUp.Benchmarks;

/// <summary>FollowUp.Local as a child process (<c>dotnet FollowUp.Local.dll</c> from the benchmark's build output) on a free loopback port: its memory is its own, and it can be killed with SIGKILL and started again.</summary>
internal sealed class LocalHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly string workingDirectory;
    private readonly StreamWriter? log;
    private readonly List<string> errors = [];
    private Process? process;

    private LocalHostProcess(IReadOnlyDictionary<string, string> settings, string workingDirectory, string? logPath)
    {
        this.settings = settings;
        this.workingDirectory = workingDirectory;
        log = logPath is null ? null : new StreamWriter(logPath, append: true) { AutoFlush = true };
        Address = new Uri($"http://127.0.0.1:{FreePort()}/");
    }

    /// <summary>The loopback address the host listens on, the same across restarts.</summary>
    public Uri Address { get; }

    /// <summary>The running child process, to sample its memory.</summary>
    public Process Process => process ?? throw new InvalidOperationException("The host is not running.");

    /// <summary>Whether the host has exited (or was never started).</summary>
    public bool HasExited => process is null or { HasExited: true };

    /// <summary>The lines the host wrote at level Error or Critical so far (the console logger's <c>fail:</c> and <c>crit:</c>).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (errors)
            {
                return [.. errors];
            }
        }
    }

    /// <summary>A host to be started in <paramref name="workingDirectory"/> with <paramref name="settings"/> as environment variables (<c>:</c> written as <c>__</c>), writing its output to <paramref name="logPath"/> when given.</summary>
    public static LocalHostProcess Create(IReadOnlyDictionary<string, string> settings, string workingDirectory, string? logPath = null) =>
        new(settings, workingDirectory, logPath);

    /// <summary>Starts the host and waits until its health route answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FollowUp.Local.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Address.AbsoluteUri.TrimEnd('/'));
        foreach (var (name, value) in settings)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("Could not start FollowUp.Local.");
        started.OutputDataReceived += (_, e) => Keep(e.Data);
        started.ErrorDataReceived += (_, e) => Keep(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        await WaitUntilAnsweringAsync(started, cancellationToken);
    }

    /// <summary>Kills the host with SIGKILL, so that it finishes nothing, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (process is not { } running)
        {
            return;
        }

        if (!running.HasExited)
        {
            running.Kill(entireProcessTree: true);
        }

        await running.WaitForExitAsync();
        running.Dispose();
        process = null;
        Keep("---- killed ----");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (log is not null)
        {
            await log.DisposeAsync();
        }
    }

    private async Task WaitUntilAnsweringAsync(Process started, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"FollowUp.Local exited with {started.ExitCode} before answering: {string.Join(" / ", Errors)}");
            }

            try
            {
                using var response = await http.GetAsync("api/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening, but too busy starting to answer.
            }

            if (waiting.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"FollowUp.Local did not answer /api/health within {StartTimeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            lock (errors)
            {
                errors.Add(line);
            }
        }

        if (log is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
