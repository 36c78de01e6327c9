using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FollowUp.Local.Azurite;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Functions;

/// <summary><c>dotnet publish FollowUp.Functions -c Release</c> writes the folder that <c>azd deploy</c> zips and Azure Functions runs.</summary>
public sealed class FunctionsPublishTests : IDisposable
{
    private static readonly string Root = AzuritePackage.FindRepositoryRoot();
    private readonly TempFolder output = new();

    [Fact]
    public async Task Publish_Release_WritesADeployableFolder()
    {
        var (exitCode, log) = await PublishAsync(output.Path);

        Assert.True(exitCode == 0, $"dotnet publish exited {exitCode}:\n{log}");
        foreach (var file in new[] { "FollowUp.Functions.dll", "functions.metadata", "host.json", "worker.config.json", "extensions.json" })
        {
            Assert.True(File.Exists(Path.Combine(output.Path, file)), $"The published folder has no {file}.");
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output.Path, ".azurefunctions"), "*.dll"));
        Assert.False(File.Exists(Path.Combine(output.Path, "local.settings.json")), "local.settings.json holds a developer's secrets and is never published.");
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Root, "host.json")), await File.ReadAllTextAsync(Path.Combine(output.Path, "host.json")));

        using var extensions = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output.Path, "extensions.json")));
        var names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(extension => extension.GetProperty("typeName").GetString()).ToList();
        Assert.Contains(names, name => name!.StartsWith("Microsoft.Azure.WebJobs.Extensions.Storage.AzureStorageQueuesWebJobsStartup", StringComparison.Ordinal));

        var published = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output.Path, "functions.metadata")));
        var built = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        Assert.True(JsonNode.DeepEquals(built, published), "The published functions.metadata differs from the one the tests check.");
    }

    /// <summary>Runs the publish as a person would, with warnings as errors as the repository sets them, and no build server left behind.</summary>
    private static async Task<(int ExitCode, string Log)> PublishAsync(string folder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", Path.Combine("FollowUp.Functions", "FollowUp.Functions.csproj"), "-c", "Release", "-o", folder, "-nodeReuse:false", "-p:UseSharedCompilation=false" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet publish did not finish within 8 minutes.");
        }

        return (process.ExitCode, await standardOutput + await standardError);
    }

    public void Dispose() => output.Dispose();
}
