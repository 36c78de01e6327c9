using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FollowUp.Local.Azurite;

/// <summary>A running Azurite, started from the repository's pinned npm package.</summary>
/// <remarks>
/// Azurite is started with <c>--skipApiVersionCheck --loose</c> so newer SDKs work against it. Port 0 lets it choose free
/// ports, which are read back from what it prints, so parallel test runs never race for a port. Node preloads a line that
/// exits when its standard input closes: this process holds the other end, so Azurite stops with it even when it is
/// killed (a test host is, once it has reported its results) and never outlives it.
/// </remarks>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const string ExitWithParent = "data:text/javascript,process.stdin.on('end',()=>process.exit(0));process.stdin.resume();";
    private readonly Process process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The connection string of this instance, with the well-known development account.</summary>
    public string ConnectionString => DevelopmentStorage.ConnectionString(BlobPort, QueuePort, TablePort);

    /// <summary>Starts Azurite and waits until its queue and table services listen.</summary>
    /// <param name="location">Folder for its data, or null to keep everything in memory.</param>
    /// <param name="ports">The blob, queue and table ports; 0 lets Azurite choose.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">Azurite could not be installed or did not start.</exception>
    public static async Task<AzuriteProcess> StartAsync(string? location, (int Blob, int Queue, int Table) ports, CancellationToken cancellationToken)
    {
        var root = AzuritePackage.FindRepositoryRoot();
        var script = await AzuritePackage.EnsureInstalledAsync(root, cancellationToken);
        var arguments = new List<string>
        {
            "--import", ExitWithParent, script, "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", ports.Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (location is null)
        {
            arguments.Add("--inMemoryPersistence");
        }
        else
        {
            var folder = Path.IsPathRooted(location) ? location : Path.Combine(root, location);
            Directory.CreateDirectory(folder);
            arguments.AddRange(["--location", folder]);
        }

        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        arguments.ForEach(start.ArgumentList.Add);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var listening = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                lock (listening)
                {
                    listening[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (listening.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync(cancellationToken);
        var finished = await Task.WhenAny(ready.Task, exited, Task.Delay(StartTimeout, cancellationToken));
        if (finished != ready.Task)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"Azurite did not start:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }

        return new AzuriteProcess(process, listening["Blob"], listening["Queue"], listening["Table"]);
    }

    /// <summary>Stops Azurite.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();
}
