using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.FileProviders;
using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Dashboard;
using FollowUp.Engine.Dashboard.SignIn;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Sequences;
using Microsoft.Extensions.Options;
using FollowUp.Local.Azurite;
using FollowUp.Local.Keys;
using FollowUp.Local.Triggers;

namespace FollowUp.Local;

/// <summary>Builds the local host: the engine, Azurite when needed, the scan loop, the queue listener and the HTTP routes.</summary>
public static class LocalHost
{
    /// <summary>Builds the app; <paramref name="configure"/> lets tests and benchmarks add settings or replace services.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // host.json is the Functions host's file: the lowest layer, under appsettings, environment and command line.
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "host.json",
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Optional = false,
        });
        configure?.Invoke(builder);
        // The profile's values sit just above host.json: every other source, and so any setting given explicitly, wins.
        var profile = SchedulingProfileSettings.Parse(builder.Configuration[SchedulingProfileSettings.Setting]);
        builder.Configuration.Sources.Insert(1, new MemoryConfigurationSource { InitialData = SchedulingProfileSettings.For(profile)! });

        // Hosted services start in order: Azurite first, then the engine's storage initializer, then the triggers.
        builder.Services.AddOptions<LocalOptions>().BindConfiguration(LocalOptions.Section);
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section);
        builder.Services.AddHostedService<AzuriteLauncher>();
        // The dashboard's sign-in of this host, registered before the engine's default (App Service Authentication).
        builder.Services.AddSingleton<LocalDashboardSignIn>();
        builder.Services.AddSingleton<IDashboardSignIn>(provider => provider.GetRequiredService<LocalDashboardSignIn>());
        builder.Services.AddSingleton<IDashboardKeyCheck>(provider => provider.GetRequiredService<LocalDashboardSignIn>());
        builder.Services.AddFollowUpEngine(builder.Configuration);
        builder.Services.AddOptions<QueueTriggerOptions>().BindConfiguration(QueueTriggerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<ScanLoop>();
        builder.Services.AddHostedService<SweepLoop>();
        builder.Services.AddHostedService<RetentionLoop>();
        builder.Services.AddHostedService<NotificationLoop>();
        builder.Services.AddHostedService<ImapLoop>();
        builder.Services.AddHostedService<QueueListener>();
        builder.Services.AddHostedService<PoisonListener>();
        builder.Services.AddHostedService<ListeningAddressCheck>();
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        // A request whose framing Kestrel cannot read (a route that reads its body outside the engine's helpers) is the
        // client's fault: answer its own status (400, 413), not 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.MapFollowUpApi();
        app.Lifetime.ApplicationStarted.Register(() => LogChannels(app));
        app.Lifetime.ApplicationStarted.Register(() => LogProfile(app, profile));
        return app;
    }

    /// <summary>Says where emails and texts go, and within which limits; never a secret.</summary>
    private static void LogChannels(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<FollowUpOptions>>().Value;
        var limits = app.Services.GetRequiredService<SendRateLimits>();
        app.Logger.LogInformation("Emails go through {EmailProvider} (limits: {EmailLimits}); texts through {SmsProvider} (limits: {SmsLimits})",
            settings.Email.Provider, Describe(limits.For(StepChannel.Email)), settings.Sms.Provider, Describe(limits.For(StepChannel.Sms)));
        if (settings.Email.Provider == EmailProvider.Outbox || settings.Sms.Provider == SmsProvider.Outbox)
        {
            app.Logger.LogInformation("The outbox writes to {OutboxPath}", app.Services.GetRequiredService<OutboxFolder>().Root);
        }
    }

    /// <summary>Says how promptly steps go out: the profile and the values that bound a step's lateness.</summary>
    private static void LogProfile(WebApplication app, SchedulingProfile profile) =>
        app.Logger.LogInformation("Triggers run with the {Profile} profile: scan {ScanSchedule}, look-ahead {LookAhead}, queues polled at most every {MaxPollingInterval}",
            profile,
            app.Configuration[ScanLoop.ScheduleSetting],
            app.Services.GetRequiredService<IOptions<FollowUpOptions>>().Value.LookAhead,
            app.Services.GetRequiredService<IOptions<QueueTriggerOptions>>().Value.MaxPollingInterval);

    private static string Describe(IReadOnlyList<RateLimit> limits) => limits.Count == 0 ? "none" : string.Join(", ", limits);

    /// <summary>Builds and starts the app on a free loopback port with extra settings (and services, when <paramref name="services"/> is given); returns it with the address it listens on.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartOnLoopbackAsync(IDictionary<string, string?> settings, CancellationToken cancellationToken, Action<IServiceCollection>? services = null)
    {
        var app = Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, new Uri(address));
    }
}
