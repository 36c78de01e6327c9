using FollowUp.Engine.Dashboard.Access;
using FollowUp.Engine.Dashboard.Overview;
using FollowUp.Engine.Dashboard.Sequences;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Engine.Dashboard;

/// <summary>Registers the dashboard: its entry point, its rendering and each area of pages. The host adds who may sign in (<see cref="SignIn.IDashboardSignIn"/>).</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>Adds the dashboard's services.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section)
            .Validate(options => options.TimeZone is null || TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _), "FollowUp:Dashboard:TimeZone must be an IANA time zone such as Europe/London.")
            .ValidateOnStart();
        services.AddOptions<SignIn.DashboardSignInOptions>().BindConfiguration(SignIn.DashboardSignInOptions.Section);
        services.AddSingleton<DashboardTime>();
        services.AddSingleton<DashboardForms>();
        services.AddSingleton<DashboardSession>();
        services.AddSingleton<DashboardAssets>();
        services.AddSingleton<DashboardPages>();
        services.AddSingleton<DashboardEndpoints>();
        services.AddSingleton<IDashboardArea, AccessArea>();
        services.AddSingleton<IDashboardArea, OverviewArea>();
        services.AddSingleton<IDashboardArea, SequencesArea>();
        return services;
    }
}
