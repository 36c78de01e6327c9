using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace FollowUp.Tests.Infra;

/// <summary>Runs the Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package that the test project downloads at restore.</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <c>bicep</c> with the arguments in <paramref name="workingDirectory"/> and returns its exit code and output.</summary>
    /// <exception cref="InvalidOperationException">The CLI cannot be found or does not finish in time.</exception>
    public static async Task<BicepResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(FindExecutable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The CLI is a .NET app; invariant globalization spares it a dependency on the machine's ICU.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepResult(process.ExitCode, await output, await error);
    }

    private static string FindExecutable()
    {
        var version = Metadata("BicepCliVersion") ?? throw new InvalidOperationException("The test assembly names no BicepCliVersion.");
        var tried = new List<string>();
        foreach (var root in PackageRoots())
        {
            var path = Path.Combine(root, "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
            tried.Add(path);
            if (File.Exists(path))
            {
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.OSArchitecture != Architecture.X64)
                {
                    throw new InvalidOperationException($"The Bicep CLI package is for linux-x64; this machine is {RuntimeInformation.RuntimeIdentifier}.");
                }

                // NuGet extracts the file with the mode it was packed with, which may lack the execute bit.
                var mode = File.GetUnixFileMode(path);
                if (!mode.HasFlag(UnixFileMode.UserExecute))
                {
                    File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                }

                return path;
            }
        }

        throw new InvalidOperationException(
            $"Azure.Bicep.CommandLine.linux-x64 {version} is not in the NuGet packages folder; run dotnet restore. Looked for: {string.Join(", ", tried)}");
    }

    private static IEnumerable<string> PackageRoots()
    {
        if (Metadata("NuGetPackageRoot") is { Length: > 0 } fromBuild)
        {
            yield return fromBuild;
        }

        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment)
        {
            yield return fromEnvironment;
        }

        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    private static string? Metadata(string key) => typeof(BicepCli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(attribute => attribute.Key == key)?.Value;
}

/// <summary>What one run of the Bicep CLI returned.</summary>
internal sealed record BicepResult(int ExitCode, string Output, string Error);
