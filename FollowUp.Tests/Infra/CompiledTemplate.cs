using System.Text.Json;
using FollowUp.Local.Azurite;

namespace FollowUp.Tests.Infra;

/// <summary><c>infra/main.bicep</c> compiled once by the Bicep CLI, and the resources of the ARM template it gives, modules included.</summary>
internal static class CompiledTemplate
{
    /// <summary>The repository's <c>infra</c> folder.</summary>
    public static readonly string Infra = Path.Combine(AzuritePackage.FindRepositoryRoot(), "infra");

    // One build serves every test that reads the compiled template.
    private static readonly Lazy<Task<BicepResult>> Build = new(() => BicepCli.RunAsync(Infra, "build", "main.bicep", "--stdout"));

    /// <summary>What <c>bicep build main.bicep --stdout</c> returned.</summary>
    public static Task<BicepResult> BuildAsync() => Build.Value;

    /// <summary>The compiled template's root.</summary>
    /// <exception cref="InvalidOperationException">The build failed.</exception>
    public static async Task<JsonElement> RootAsync()
    {
        var result = await Build.Value;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build exited {result.ExitCode}: {result.Error}");
        }

        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.Clone();
    }

    /// <summary>Every resource of <paramref name="template"/> and of the templates nested in its module deployments.</summary>
    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        var list = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(property => property.Value)
            : resources.EnumerateArray();
        foreach (var resource in list)
        {
            yield return resource;
            if (resource.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
            {
                foreach (var nested in Resources(resource.GetProperty("properties").GetProperty("template")))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The resources of type <paramref name="type"/>, modules included.</summary>
    public static IEnumerable<JsonElement> OfType(JsonElement template, string type) =>
        Resources(template).Where(resource => string.Equals(resource.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The module deployment whose template declares a resource of type <paramref name="type"/>.</summary>
    public static JsonElement ModuleDeclaring(JsonElement template, string type) =>
        OfType(template, "Microsoft.Resources/deployments").Single(module =>
            Resources(module.GetProperty("properties").GetProperty("template")).Any(resource =>
                string.Equals(resource.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The <c>condition</c> of <paramref name="resource"/>, or null when it is always deployed.</summary>
    public static string? Condition(JsonElement resource) =>
        resource.TryGetProperty("condition", out var condition) ? condition.ToString() : null;
}
