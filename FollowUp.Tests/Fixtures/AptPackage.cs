using System.Diagnostics;

namespace FollowUp.Tests.Fixtures;

/// <summary>Installs a Debian package for a fixture that needs a real server or browser the machine lacks, saying on the console what it runs.</summary>
public static class AptPackage
{
    /// <summary>Runs <c>apt-get install -y <paramref name="package"/></c>, and after <c>apt-get update</c> once more when that fails (a fresh container has no package lists); <paramref name="who"/> prefixes the console lines.</summary>
    public static async Task InstallAsync(string package, string who)
    {
        if (await RunAsync("apt-get", $"install -y {package}", who) != 0)
        {
            await Console.Error.WriteLineAsync($"{who}: running apt-get update, then apt-get install -y {package} again");
            await RunAsync("apt-get", "update", who);
            await RunAsync("apt-get", $"install -y {package}", who);
        }
    }

    private static async Task<int> RunAsync(string file, string arguments, string who)
    {
        using var run = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
        })!;
        var output = run.StandardOutput.ReadToEndAsync();
        var error = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        if (run.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync($"{who}: {file} {arguments} exited with {run.ExitCode}: {await error}{await output}");
        }

        return run.ExitCode;
    }
}
