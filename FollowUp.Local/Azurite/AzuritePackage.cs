using System.Diagnostics;
using System.Text.Json;

namespace FollowUp.Local.Azurite;

/// <summary>Finds the repository's pinned Node packages (Azurite, and the tests' SMTP server) and installs them with <c>npm ci</c> when any is missing.</summary>
public static class AzuritePackage
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>The folder that holds the <c>package.json</c> pinning Azurite, searched upwards from the app and the working directory.</summary>
    /// <exception cref="InvalidOperationException">No such folder exists.</exception>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var manifest = Path.Combine(folder.FullName, "package.json");
                if (File.Exists(manifest) && File.ReadAllText(manifest).Contains("\"azurite\"", StringComparison.Ordinal))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("No package.json pinning azurite was found above the app or the working directory.");
    }

    /// <summary>Returns Azurite's entry script, running <c>npm ci</c> first if any package pinned in <c>package.json</c> is not installed.</summary>
    /// <exception cref="InvalidOperationException">npm failed.</exception>
    public static async Task<string> EnsureInstalledAsync(string root, CancellationToken cancellationToken)
    {
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(script) && AllInstalled(root))
            {
                return script;
            }

            var npm = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", "ci --no-audit --no-fund --loglevel=error")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(npm) ?? throw new InvalidOperationException("Could not start npm; install Node.js.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0 || !File.Exists(script))
            {
                throw new InvalidOperationException($"npm ci failed with code {process.ExitCode}: {await output}{await errors}");
            }

            return script;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Whether every dependency <c>package.json</c> pins has its folder in <c>node_modules</c>.</summary>
    private static bool AllInstalled(string root)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "package.json")));
        return new[] { "dependencies", "devDependencies" }
            .Where(section => manifest.RootElement.TryGetProperty(section, out _))
            .SelectMany(section => manifest.RootElement.GetProperty(section).EnumerateObject())
            .All(package => File.Exists(Path.Combine(root, "node_modules", package.Name, "package.json")));
    }
}
