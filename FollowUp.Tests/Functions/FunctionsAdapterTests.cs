using System.Text.Json;
using System.Text.RegularExpressions;
using FollowUp.Engine;
using FollowUp.Engine.Storage;
using FollowUp.Local.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Functions;

/// <summary>Checks FollowUp.Functions against FollowUp.Local by reading their sources, since the Functions app cannot be built here.</summary>
public sealed partial class FunctionsAdapterTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void HttpTriggers_MatchLocalRoutes_OneFunctionPerRouteMethodAndKey()
    {
        var local = LocalRoutes(File.ReadAllText(Path.Combine(Root, "FollowUp.Local", "FollowUpApiRoutes.cs")));
        var functions = HttpTriggers(FunctionsSource());

        Assert.True(local.Count >= 18, $"Only {local.Count} routes were read from FollowUpApiRoutes.cs; the pattern no longer matches how routes are mapped.");
        Assert.Equal(local.Order(StringComparer.Ordinal), functions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compare_FunctionMissingOrKeyedDifferently_IsReported()
    {
        const string local = """
            api.MapPut(FollowUpRoutes.Sequence, (HttpRequest request) => 1);
            open.MapMethods(FollowUpRoutes.SourceDeliveries, ["OPTIONS"], (HttpRequest request) => 1);
            open.MapGet(FollowUpRoutes.Health, () => 1);
            """;
        const string functions = """
            [HttpTrigger(AuthorizationLevel.Function, "put", Route = FollowUpRoutes.Sequence)] HttpRequest req,
            [HttpTrigger(AuthorizationLevel.Function, "options", Route = FollowUpRoutes.SourceDeliveries)] HttpRequest req,
            """;

        Assert.Equal(["PUT Sequence Function", "OPTIONS SourceDeliveries Anonymous", "GET Health Anonymous"], LocalRoutes(local));
        Assert.Equal(["PUT Sequence Function", "OPTIONS SourceDeliveries Function"], HttpTriggers(functions));
    }

    [Fact]
    public void TimerTrigger_UsesTheScanScheduleSetting_ThatLocalReads()
    {
        var schedules = TimerTrigger().Matches(FunctionsSource()).Select(match => match.Groups["setting"].Value).ToList();

        Assert.Equal([ScanLoop.ScheduleSetting], schedules);
    }

    [Fact]
    public void QueueTrigger_ReadsTheStepQueue_AndPassesTheDequeueCount()
    {
        var source = FunctionsSource();

        Assert.Equal([nameof(StorageNames.StepQueue)], QueueTrigger().Matches(source).Select(match => match.Groups["queue"].Value));
        Assert.Matches(@"\blong dequeueCount\b", source);
        Assert.Matches(@"\.DispatchAsync\(\w+, dequeueCount, \w+\)", source);
    }

    [Fact]
    public void EveryFunction_IsOneCallIntoTheEngine_AfterAtMostOneLogStatement()
    {
        var bodies = FunctionBodies(FunctionsSource());

        Assert.True(bodies.Count >= 20, $"Only {bodies.Count} function bodies were read from FollowUp.Functions.");
        Assert.All(bodies, body => Assert.True(IsThinBody(body.Body), $"{body.Name} does more than one call into the engine: {body.Body}"));
    }

    [Theory]
    [InlineData("=> endpoints.GetAsync(id, ct)", true)]
    [InlineData("{ if (timer.IsPastDue) { logger.LogWarning(\"Late {Count}\", count); } return scanner.ScanAsync(ct); }", true)]
    [InlineData("{ logger.LogInformation(\"Scan\"); return scanner.ScanAsync(ct); }", true)]
    [InlineData("=> endpoints.GetAsync(id.Trim(), ct)", false)]
    [InlineData("=> flag ? a.GetAsync(ct) : b.GetAsync(ct)", false)]
    [InlineData("{ var x = 1; return scanner.ScanAsync(ct); }", false)]
    [InlineData("{ logger.LogWarning(\"a\"); logger.LogWarning(\"b\"); return scanner.ScanAsync(ct); }", false)]
    public void IsThinBody_AllowsOneCallAndOneLogLine(string body, bool thin)
    {
        Assert.Equal(thin, IsThinBody(body));
    }

    [Fact]
    public void LocalSettingsExample_HasEveryReadmeSetting_AndPassesValidation()
    {
        using var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "FollowUp.Functions", "local.settings.example.json")));
        var values = example.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(value => value.Name.Replace("__", ":", StringComparison.Ordinal), value => (string?)value.Value.GetString());

        var missing = ReadmeSettings(File.ReadAllText(Path.Combine(Root, "README.md"))).Where(setting => !values.ContainsKey(setting)).ToList();
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
    }

    /// <summary>"METHOD Route Level" for each route FollowUp.Local maps: the <c>api</c> group is keyed, the <c>open</c> group is not.</summary>
    private static List<string> LocalRoutes(string source) =>
        LocalMapping().Matches(source).Select(match =>
        {
            var method = match.Groups["verb"].Success ? match.Groups["verb"].Value : match.Groups["methods"].Value;
            var level = match.Groups["group"].Value == "api" ? "Function" : "Anonymous";
            return $"{method.ToUpperInvariant()} {match.Groups["route"].Value} {level}";
        }).ToList();

    /// <summary>"METHOD Route Level" for each method of each HttpTrigger in the Functions sources.</summary>
    private static List<string> HttpTriggers(string source) =>
        HttpTrigger().Matches(source).SelectMany(match => match.Groups["method"].Captures.Select(method =>
            $"{method.Value.ToUpperInvariant()} {match.Groups["route"].Value} {match.Groups["level"].Value}")).ToList();

    /// <summary>The body of each <c>[Function]</c> method: the expression after <c>=&gt;</c>, or the block.</summary>
    private static List<(string Name, string Body)> FunctionBodies(string source)
    {
        var bodies = new List<(string, string)>();
        foreach (Match function in FunctionAttribute().Matches(source))
        {
            var parameters = source.IndexOf('(', function.Index + function.Length);
            var afterParameters = SkipBalanced(source, parameters, '(', ')');
            var rest = source[afterParameters..].TrimStart();
            var body = rest.StartsWith("=>", StringComparison.Ordinal)
                ? rest[..(rest.IndexOf(';', StringComparison.Ordinal) + 1)]
                : rest[..SkipBalanced(rest, 0, '{', '}')];
            bodies.Add((function.Groups["name"].Value, body));
        }

        return bodies;
    }

    private static int SkipBalanced(string text, int open, char opening, char closing)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] == opening ? 1 : text[i] == closing ? -1 : 0;
            if (depth == 0)
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"Unbalanced '{opening}' at {open}.");
    }

    private static bool IsThinBody(string body) => ThinBody().IsMatch(Whitespace().Replace(body.TrimEnd(';'), " ").Trim());

    /// <summary>The keys in the first column of the README's Settings table, with <c>N</c> as index 0; FollowUp.Local's own settings and host.json are left out.</summary>
    private static IEnumerable<string> ReadmeSettings(string readme)
    {
        var start = readme.IndexOf("\n## Settings", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        foreach (var row in readme[start..(end < 0 ? readme.Length : end)].Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
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

    private static string FunctionsSource() =>
        string.Join('\n', Directory.GetFiles(Path.Combine(Root, "FollowUp.Functions"), "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FollowUp.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("FollowUp.slnx was not found above the test assembly.");
    }

    [GeneratedRegex("""\b(?<group>api|open)\.Map(?:(?<verb>Get|Post|Put|Delete|Patch)\(FollowUpRoutes\.(?<route>\w+)|Methods\(FollowUpRoutes\.(?<route>\w+),\s*\[\s*"(?<methods>\w+)"\s*\])""")]
    private static partial Regex LocalMapping();

    [GeneratedRegex("""\[HttpTrigger\(AuthorizationLevel\.(?<level>\w+),\s*(?:"(?<method>\w+)",\s*)+Route\s*=\s*FollowUpRoutes\.(?<route>\w+)\)\]""")]
    private static partial Regex HttpTrigger();

    [GeneratedRegex("""\[TimerTrigger\("%(?<setting>\w+)%"\)\]""")]
    private static partial Regex TimerTrigger();

    [GeneratedRegex("""\[QueueTrigger\(StorageNames\.(?<queue>\w+)\b""")]
    private static partial Regex QueueTrigger();

    [GeneratedRegex("""\[Function\(nameof\((?<name>\w+)\)\)\]""")]
    private static partial Regex FunctionAttribute();

    // One call with plain arguments, as `=> x.Call(a, b)` or `{ [log line, or if (cond) { log line }] return x.Call(a, b); }`.
    [GeneratedRegex("""^(?:=> [A-Za-z_][\w.]*\([^()?:]*\)|\{ (?:(?:if \([^(){};]*\) \{ )?\w+\.Log\w+\("[^"]*"(?:, [^(){};]*)?\); (?:\} )?)?return [A-Za-z_][\w.]*\([^()?:]*\); \})$""")]
    private static partial Regex ThinBody();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
