using System.Net;
using FollowUp.Engine.Storage;
using FollowUp.Functions;
using FollowUp.Local.Triggers;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Functions;

/// <summary>Checks the function metadata the worker SDK generated for FollowUp.Functions against FollowUp.Local's routes, queue and timer.</summary>
public sealed class FunctionsMetadataTests(FunctionsMetadataTests.KeyedLocalApp local) : IClassFixture<FunctionsMetadataTests.KeyedLocalApp>
{
    /// <summary>FollowUp.Local with an API key, so that its keyed routes answer 401 to a request without it.</summary>
    public sealed class KeyedLocalApp : LocalAppFixture
    {
        protected override void Configure(Dictionary<string, string?> settings) => settings["FollowUp:ApiKey"] = FunctionsWorker.FunctionKey;
    }

    [Fact]
    public async Task HttpFunctions_MatchLocalRoutes_OneFunctionPerMethodRouteAndKeyLevel()
    {
        var local = await LocalRoutesAsync();
        var functions = FunctionsWorker.Functions
            .Where(function => function.Trigger.Type == "httpTrigger")
            .SelectMany(function => function.Trigger.UpperMethods.Select(method => $"{method} /api/{function.Trigger.Route} {function.Trigger.AuthLevel}"))
            .ToList();

        Assert.True(local.Count >= 18, $"FollowUp.Local maps only {local.Count} routes.");
        Assert.Equal(local.Order(StringComparer.Ordinal), functions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void QueueFunctions_BindTheStepQueueSettingAndItsPoisonQueue_WithTheEngineConnectionSetting()
    {
        var queues = FunctionsWorker.Functions.Where(function => function.Trigger.Type == "queueTrigger").Select(function => function.Trigger).ToList();

        Assert.Equal(
            [$"%{StorageNames.StepQueueSetting}%", $"%{StorageNames.StepQueueSetting}%-poison"],
            queues.Select(queue => queue.QueueName).Order(StringComparer.Ordinal));
        Assert.All(queues, queue => Assert.Equal(StorageNames.ConnectionSetting, queue.Connection));
    }

    [Fact]
    public void QueueFunctions_WithTheExampleSettings_BindTheEngineStepAndPoisonQueues()
    {
        using var example = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(FollowUp.Local.Azurite.AzuritePackage.FindRepositoryRoot(), "FollowUp.Functions", "local.settings.example.json")));
        var values = example.RootElement.GetProperty("Values");
        var queues = FunctionsWorker.Functions.Where(function => function.Trigger.Type == "queueTrigger")
            .Select(function => FunctionsWorker.Resolve(function.Trigger.QueueName!, name => values.TryGetProperty(name, out var value) ? value.GetString() : null));

        Assert.Equal([StorageNames.StepQueue, StorageNames.StepPoisonQueue], queues.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TimerFunctions_RunOnTheScanSweepRetentionNotifyAndImapScheduleSettings_ThatLocalReads()
    {
        var schedules = FunctionsWorker.Functions.Where(function => function.Trigger.Type == "timerTrigger").Select(function => function.Trigger.Schedule);

        Assert.Equal(
            new[] { $"%{ScanLoop.ScheduleSetting}%", $"%{SweepLoop.ScheduleSetting}%", $"%{RetentionLoop.ScheduleSetting}%", $"%{NotificationLoop.ScheduleSetting}%", $"%{ImapLoop.ScheduleSetting}%" }.Order(StringComparer.Ordinal),
            schedules.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Metadata_HasOnlyHttpQueueAndTimerFunctions_EachInTheAppAssembly()
    {
        Assert.All(FunctionsWorker.Functions, function =>
        {
            Assert.Equal("FollowUp.Functions.dll", function.ScriptFile);
            Assert.Contains(function.Trigger.Type, new[] { "httpTrigger", "queueTrigger", "timerTrigger" });
            Assert.NotNull(typeof(FollowUpFunctionsApplication).Assembly.GetType(function.EntryPoint[..function.EntryPoint.LastIndexOf('.')]));
        });
        Assert.Equal(FunctionsWorker.Functions.Count, FunctionsWorker.Functions.Select(function => function.Name).Distinct().Count());
    }

    [Fact]
    public async Task GeneratedMetadataProvider_AgreesWithFunctionsMetadata()
    {
        // With worker indexing (worker.config.json), the host takes its functions from this provider, not from the file.
        var generated = await new GeneratedFunctionMetadataProvider().GetFunctionMetadataAsync(AppContext.BaseDirectory);

        var fromProvider = generated.Select(function => Describe(function.Name!, function.EntryPoint!, function.RawBindings!.Select(FunctionMetadataEntry.ReadBinding)));
        var fromFile = FunctionsWorker.Functions.Select(function => Describe(function.Name, function.EntryPoint, function.Bindings));
        Assert.Equal(fromFile.Order(StringComparer.Ordinal), fromProvider.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WorkerConfig_IndexesInTheWorker_AndStartsTheAppAssembly()
    {
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("FollowUp.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.Equal("true", description.GetProperty("workerIndexing").GetString());
    }

    private static string Describe(string name, string entryPoint, IEnumerable<FunctionBinding> bindings) =>
        $"{name} {entryPoint} {string.Join(" ", bindings.Select(binding =>
            $"[{binding.Name} {binding.Type} {binding.Direction} {binding.AuthLevel} {string.Join(',', binding.UpperMethods)} {binding.Route} {binding.QueueName} {binding.Connection} {binding.Schedule}]"))}";

    /// <summary>"METHOD /route Level" for each route FollowUp.Local maps; the level is what Local does to a request without its key: the key filter's 401 problem is <c>Function</c>, anything else (the dashboard's own sign-in page included) <c>Anonymous</c>.</summary>
    private async Task<List<string>> LocalRoutesAsync()
    {
        var routes = new List<string>();
        foreach (var endpoint in local.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText!.TrimStart('/');
            foreach (var method in endpoint.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods)
            {
                var path = "/" + string.Join('/', route.Split('/').Select(segment => segment.StartsWith('{') ? "x" : segment));
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                using var response = await local.Http.SendAsync(request);
                var keyRefusal = response.StatusCode == HttpStatusCode.Unauthorized && response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                var level = keyRefusal ? "Function" : "Anonymous";
                routes.Add($"{method} /{route} {level}");
            }
        }

        return routes;
    }
}
