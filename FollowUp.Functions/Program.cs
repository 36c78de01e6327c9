using FollowUp.Engine;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.ApplicationInsights;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
// The Application Insights logger keeps only warnings by a default rule; without it the engine's information logs (scans, sends) arrive too.
builder.Services.Configure<LoggerFilterOptions>(filters => filters.Rules
    .Where(rule => rule.ProviderName == typeof(ApplicationInsightsLoggerProvider).FullName).ToList()
    .ForEach(rule => filters.Rules.Remove(rule)));
builder.Services.AddFollowUpEngine(builder.Configuration);
await builder.Build().RunAsync();
