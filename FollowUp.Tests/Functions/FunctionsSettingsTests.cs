using System.Text.Json;
using FollowUp.Engine;
using FollowUp.Local.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Functions;

/// <summary>The Functions app's example settings and host.json, which the deployment and FollowUp.Local share.</summary>
public sealed partial class FunctionsSettingsTests
{
    private static readonly string Root = AzuritePackage.FindRepositoryRoot();

    [Fact]
    public void LocalSettingsExample_HasEveryDocumentedSetting_AndPassesValidation()
    {
        using var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "FollowUp.Functions", "local.settings.example.json")));
        var values = example.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(value => value.Name.Replace("__", ":", StringComparison.Ordinal), value => (string?)value.Value.GetString());

        var documented = DocumentedSettings(File.ReadAllText(Path.Combine(Root, "docs", "settings.md"))).ToList();
        Assert.Contains("FollowUp:SigningKey", documented);
        var missing = documented.Where(setting => !values.ContainsKey(setting)).ToList();
        Assert.Empty(missing);
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddFollowUpEngine(configuration).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<FollowUpOptions>>().Value;
        Assert.Equal(2, options.Email.RateLimits?.Count);
    }

    [Fact]
    public void HostJson_PollsTheQueueWithinSeconds()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(Root, "host.json")).Build();
        var queues = configuration.GetSection("extensions:queues");

        Assert.InRange(queues.GetValue<TimeSpan>("maxPollingInterval"), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Assert.InRange(queues.GetValue<int>("batchSize"), 1, 32);
        Assert.Equal(5, queues.GetValue<int>("maxDequeueCount"));
        Assert.Equal("base64", queues["messageEncoding"]);
    }

    /// <summary>The keys in the first column of the Settings table in docs/settings.md, with <c>N</c> as index 0; FollowUp.Local's own settings and host.json are left out.</summary>
    private static IEnumerable<string> DocumentedSettings(string page)
    {
        var start = page.IndexOf("\n## Settings", StringComparison.Ordinal);
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        foreach (var row in page[start..(end < 0 ? page.Length : end)].Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = row.Split('|');
            if (cells[3].Contains("FollowUp.Local only", StringComparison.Ordinal) || cells[1].Contains("host.json", StringComparison.Ordinal))
            {
                continue;
            }

            var keys = Backticked().Matches(cells[1]).Select(match => match.Groups[1].Value).ToList();
            var parent = keys[0][..(keys[0].LastIndexOf(':') + 1)];
            foreach (var key in keys)
            {
                yield return (key.StartsWith(':') ? parent + key[1..] : key).Replace(":N:", ":0:", StringComparison.Ordinal);
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("`([^`]+)`")]
    private static partial System.Text.RegularExpressions.Regex Backticked();
}
