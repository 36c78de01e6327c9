using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FollowUp.Benchmarks.Hostile;

/// <summary>FollowUp.Local started as a child process from the benchmark's build output, so that its memory is its own.</summary>
internal sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> errors = [];

    private LocalHostProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    /// <summary>The loopback address the host listens on.</summary>
    public Uri Address { get; }

    /// <summary>The child process, to sample its memory.</summary>
    public Process Process => process;

    /// <summary>Whether the host is still running.</summary>
    public bool HasExited => process.HasExited;

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

    /// <summary>Starts <c>dotnet FollowUp.Local.dll</c> on a free loopback port with <paramref name="settings"/> as environment variables, and waits until it answers.</summary>
    public static async Task<LocalHostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "FollowUp.Local.dll");
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        foreach (var (name, value) in settings)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start FollowUp.Local.");
        var host = new LocalHostProcess(process, address);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilAnsweringAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"FollowUp.Local exited with {process.ExitCode} before answering: {string.Join(" / ", Errors)}");
            }

            try
            {
                using var response = await http.GetAsync("/api/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("FollowUp.Local did not answer /api/health within 2 minutes.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null && (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)))
        {
            lock (errors)
            {
                errors.Add(line);
            }
        }
    }
}
