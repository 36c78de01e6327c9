using System.Text.Json;

namespace FollowUp.Tests.Infra;

/// <summary>Compiles and lints <c>infra/main.bicep</c> with the real Bicep CLI; any warning, error or linter finding fails.</summary>
public sealed class BicepTests
{
    [Fact]
    public async Task Build_MainTemplate_CompilesWithoutDiagnostics()
    {
        var result = await CompiledTemplate.BuildAsync();

        Assert.True(result.ExitCode == 0 && string.IsNullOrWhiteSpace(result.Error), Findings("bicep build", result.ExitCode, result.Error));
        using var template = JsonDocument.Parse(result.Output);
        Assert.Equal("https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
            template.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public async Task Lint_MainTemplate_HasNoFindings()
    {
        var result = await BicepCli.RunAsync(CompiledTemplate.Infra, "lint", "main.bicep");

        Assert.True(
            result.ExitCode == 0 && string.IsNullOrWhiteSpace(result.Output) && string.IsNullOrWhiteSpace(result.Error),
            Findings("bicep lint", result.ExitCode, result.Error + result.Output));
    }

    [Fact]
    public async Task Build_EveryParameter_IsDescribedAndSecretsAreSecure()
    {
        var result = await CompiledTemplate.BuildAsync();
        Assert.True(result.ExitCode == 0, Findings("bicep build", result.ExitCode, result.Error));
        using var template = JsonDocument.Parse(result.Output);

        var undescribed = new List<string>();
        var exposed = new List<string>();
        foreach (var parameter in template.RootElement.GetProperty("parameters").EnumerateObject())
        {
            var type = parameter.Value.GetProperty("type").GetString();
            if (!parameter.Value.TryGetProperty("metadata", out var metadata) || !metadata.TryGetProperty("description", out _))
            {
                undescribed.Add(parameter.Name);
            }

            var secretByName = parameter.Name.EndsWith("Token", StringComparison.Ordinal)
                || parameter.Name.EndsWith("Key", StringComparison.Ordinal)
                || parameter.Name.EndsWith("Secrets", StringComparison.Ordinal);
            if (secretByName && type is not ("securestring" or "secureObject"))
            {
                exposed.Add(parameter.Name);
            }
        }

        Assert.True(undescribed.Count == 0, $"Parameters without @description: {string.Join(", ", undescribed)}");
        Assert.True(exposed.Count == 0, $"Secret parameters without @secure(): {string.Join(", ", exposed)}");
    }

    private static string Findings(string command, int exitCode, string findings) =>
        $"{command} exited {exitCode} with findings:{Environment.NewLine}{findings}";
}
