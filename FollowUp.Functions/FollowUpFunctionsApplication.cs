using FollowUp.Engine;
using FollowUp.Engine.Storage;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.ApplicationInsights;

namespace FollowUp.Functions;

/// <summary>Wires the Functions app: the ASP.NET Core integration with problem details (a trace id in each), the worker's telemetry and log levels, and the engine (whose dashboard signs operators in through App Service Authentication).</summary>
/// <remarks>Program.cs and the tests both call <see cref="AddFollowUpFunctions"/>, so a registration missing here fails a test.</remarks>
public static class FollowUpFunctionsApplication
{
    /// <summary>The telemetry types the worker never samples away.</summary>
    public const string UnsampledTypes = "Request;Exception";

    /// <summary>Adds everything the functions need to <paramref name="builder"/>; settings read at registration (storage) must already be in its configuration.</summary>
    public static FunctionsApplicationBuilder AddFollowUpFunctions(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddProblemDetails();
        AddTelemetry(builder.Services);
        SetLogLevels(builder.Logging);
        builder.Services.AddFollowUpEngine(builder.Configuration);
        CheckStepQueueSetting(builder.Configuration);
        return builder;
    }

    /// <summary>Checks that the queue the triggers bind (<c>%FOLLOWUP_STEP_QUEUE%</c>, resolved by the host) is the one the engine sends to.</summary>
    /// <remarks>Without the setting the host itself refuses to index the queue functions, naming it.</remarks>
    /// <exception cref="InvalidOperationException">The setting names another queue than the storage prefix makes.</exception>
    private static void CheckStepQueueSetting(IConfiguration configuration)
    {
        var expected = StoragePrefix.Queue(StoragePrefix.Parse(configuration[StoragePrefix.Setting]), StorageNames.StepQueue);
        var bound = configuration[StorageNames.StepQueueSetting];
        if (bound is not null && !string.Equals(bound, expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{StorageNames.StepQueueSetting} must be \"{expected}\", the step queue that {StoragePrefix.Setting} makes; it is \"{bound}\".");
        }
    }

    /// <summary>Sends the worker's logs and dependencies to Application Insights, authenticated as host.json's host is.</summary>
    /// <remarks>
    /// The Functions package reads <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD;ClientId=…</c>, set by the
    /// Bicep) and sends with that managed identity, which an Application Insights resource with local authentication off
    /// requires. Adaptive sampling is rebuilt to leave out requests and exceptions, as host.json does for the host.
    /// </remarks>
    private static void AddTelemetry(IServiceCollection services)
    {
        services.AddApplicationInsightsTelemetryWorkerService(options => options.EnableAdaptiveSampling = false)
            .ConfigureFunctionsApplicationInsights();
        services.Configure<TelemetryConfiguration>(telemetry =>
        {
            var processors = telemetry.DefaultTelemetrySink.TelemetryProcessorChainBuilder;
            processors.UseAdaptiveSampling(excludedTypes: UnsampledTypes);
            processors.Build();
        });
    }

    /// <summary>The worker's log levels: the engine at Information, the Azure SDK, ASP.NET Core and HTTP clients at Warning.</summary>
    /// <remarks>host.json's <c>logging</c> section governs the Functions host process only, not this worker. The Application
    /// Insights package adds a rule that keeps only warnings for its logger; it is removed so the same levels apply there.</remarks>
    private static void SetLogLevels(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Azure", LogLevel.Warning);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        logging.Services.Configure<LoggerFilterOptions>(filters => filters.Rules
            .Where(rule => rule.ProviderName == typeof(ApplicationInsightsLoggerProvider).FullName).ToList()
            .ForEach(rule => filters.Rules.Remove(rule)));
    }
}
