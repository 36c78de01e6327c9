using FollowUp.Engine.Storage;
using FollowUp.Functions;
using FollowUp.Tests.Fixtures;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WindowsServer.TelemetryChannel;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FollowUp.Tests.Functions;

/// <summary>Tests that change process-wide environment variables, and so run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>The worker's logs reach Application Insights as the Bicep deploys it: identity-only ingestion, the engine at Information, nothing else below Warning, no request or exception sampled away.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class FunctionsTelemetryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string IdentityClientId = "6f1a3c2e-9b4d-4e8f-a1b2-c3d4e5f60718";
    private const string IdentityToken = "token-from-the-managed-identity";

    [Fact]
    public async Task EngineLogs_InAzure_ReachApplicationInsightsWithTheManagedIdentityToken()
    {
        await using var identity = await LoopbackHttpServer.StartAsync();
        identity.Handler = _ => Results.Json(new
        {
            access_token = IdentityToken,
            expires_on = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            resource = "https://monitor.azure.com/",
            token_type = "Bearer",
        });
        await using var ingestion = await LoopbackHttpServer.StartAsync();
        ingestion.Handler = request => Results.Json(new { itemsReceived = request.Body.Split('\n').Length, itemsAccepted = request.Body.Split('\n').Length, errors = Array.Empty<object>() });

        // What App Service gives a Function App with a user-assigned identity, and what the Bicep sets (infra/app/functions.bicep).
        using var environment = new EnvironmentVariables(new()
        {
            ["IDENTITY_ENDPOINT"] = new Uri(identity.BaseUrl, "/msi/token").ToString(),
            ["IDENTITY_HEADER"] = "identity-header-secret",
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = $"Authorization=AAD;ClientId={IdentityClientId}",
        });
        using var worker = await StartWorkerAsync(ingestion.BaseUrl);
        var loggers = worker.Services.GetRequiredService<ILoggerFactory>();

        loggers.CreateLogger("FollowUp.Engine.Dispatch.StepDispatcher").LogInformation("Sent {StepId} of {EnrollmentId}", "probe-information", "e-1");
        loggers.CreateLogger("FollowUp.Engine.Dispatch.StepDispatcher").LogDebug("probe-debug");
        loggers.CreateLogger("Azure.Core").LogInformation("probe-azure-information");
        loggers.CreateLogger("System.Net.Http.HttpClient.Default.LogicalHandler").LogInformation("probe-http-information");
        loggers.CreateLogger("Azure.Core").LogWarning("probe-azure-warning");
        await LocalAppFixture.EventuallyAsync(async () =>
        {
            await worker.Services.GetRequiredService<TelemetryClient>().FlushAsync(CancellationToken.None);
            var sent = string.Join('\n', ingestion.Requests.Select(request => request.Body));
            return sent.Contains("probe-information", StringComparison.Ordinal) && sent.Contains("probe-azure-warning", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the worker's logs reach the ingestion endpoint");

        Assert.All(ingestion.Requests, request => Assert.Equal($"Bearer {IdentityToken}", request.Headers["Authorization"]));
        var token = Assert.Single(identity.Requests.DistinctBy(request => request.PathAndQuery));
        Assert.Contains($"client_id={IdentityClientId}", token.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("identity-header-secret", token.Headers["X-IDENTITY-HEADER"]);
        var body = string.Join('\n', ingestion.Requests.Select(request => request.Body));
        Assert.DoesNotContain("probe-debug", body, StringComparison.Ordinal);
        Assert.DoesNotContain("probe-azure-information", body, StringComparison.Ordinal);
        Assert.DoesNotContain("probe-http-information", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sampling_IsAdaptiveButNeverDropsRequestsOrExceptions()
    {
        using var worker = await StartWorkerAsync(new Uri("http://127.0.0.1:9/"));
        var processors = worker.Services.GetRequiredService<TelemetryConfiguration>().DefaultTelemetrySink.TelemetryProcessors;

        var sampling = Assert.Single(processors.OfType<AdaptiveSamplingTelemetryProcessor>());
        Assert.Equal(FollowUpFunctionsApplication.UnsampledTypes, sampling.ExcludedTypes);
        Assert.Empty(processors.OfType<SamplingTelemetryProcessor>());
    }

    /// <summary>The worker with Application Insights' connection string pointing its ingestion at <paramref name="ingestion"/>.</summary>
    private Task<FunctionsWorker> StartWorkerAsync(Uri ingestion) => FunctionsWorker.StartAsync(new Dictionary<string, string?>(azurite.Settings)
    {
        ["FollowUp:Outbox:Path"] = Path.GetTempPath(),
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=0b5f1c9e-2d3a-4b6c-8e7f-9a0b1c2d3e4f;IngestionEndpoint={ingestion}",
    });

    /// <summary>Sets environment variables for the life of a test and restores them after.</summary>
    private sealed class EnvironmentVariables : IDisposable
    {
        private readonly Dictionary<string, string?> before;

        public EnvironmentVariables(Dictionary<string, string?> values)
        {
            before = values.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
            foreach (var (name, value) in values)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
