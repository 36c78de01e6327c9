using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FollowUp.Benchmarks.Crash;

/// <summary>FollowUp.Local as a child process (<c>dotnet FollowUp.Local.dll</c>) on a fixed loopback port, which can be killed with SIGKILL and started again.</summary>
internal sealed class LocalProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly string workingDirectory;
    private readonly StreamWriter log;
    private Process? process;

    private LocalProcess(IReadOnlyDictionary<string, string> settings, string workingDirectory, int port)
    {
        this.settings = settings;
        this.workingDirectory = workingDirectory;
        Address = new Uri($"http://127.0.0.1:{port}/");
        log = new StreamWriter(Path.Combine(workingDirectory, "host.log"), append: true) { AutoFlush = true };
    }

    /// <summary>The host's address.</summary>
    public Uri Address { get; }

    /// <summary>Where the hosts' output is kept.</summary>
    public string LogPath => Path.Combine(workingDirectory, "host.log");

    /// <summary>A process to be started with <paramref name="settings"/> as environment variables (<c>FollowUp__…</c>), in <paramref name="workingDirectory"/>, on a free loopback port.</summary>
    public static LocalProcess Create(IReadOnlyDictionary<string, string> settings, string workingDirectory) =>
        new(settings, workingDirectory, FreePort());

    /// <summary>Starts the host; returns once it started, without waiting for it to answer.</summary>
    public void Start()
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
            start.Environment[name] = value;
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        started.OutputDataReceived += (_, e) => Write(e.Data);
        started.ErrorDataReceived += (_, e) => Write(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
    }

    /// <summary>Waits until the host answers its health route.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (true)
        {
            if (process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"FollowUp.Local exited with {exited.ExitCode}; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "api/health"), cancellationToken);
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetElapsedTime(deadline) > StartTimeout)
            {
                throw new TimeoutException($"FollowUp.Local did not answer within {StartTimeout}; see {LogPath}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
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
            running.Kill();
        }

        await running.WaitForExitAsync();
        running.Dispose();
        process = null;
        Write("---- killed ----");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await log.DisposeAsync();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
