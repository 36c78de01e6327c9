using FollowUp.Engine.Dashboard.Access;
using FollowUp.Engine.Dashboard.Contacts;
using FollowUp.Engine.Dashboard.Enrollments;
using FollowUp.Engine.Dashboard.Overview;
using FollowUp.Engine.Dashboard.Replies;
using FollowUp.Engine.Dashboard.Reports;
using FollowUp.Engine.Dashboard.Sequences;
using FollowUp.Engine.Dashboard.Settings;
using FollowUp.Engine.Dashboard.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FollowUp.Engine.Dashboard;

/// <summary>Registers the dashboard: its entry point, its rendering and each area of pages.</summary>
/// <remarks>Who may sign in is App Service Authentication's operator (<see cref="SignIn.AppServiceSignIn"/>, as deployed) unless the host registers its own <see cref="SignIn.IDashboardSignIn"/>, as FollowUp.Local does.</remarks>
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
        services.TryAddSingleton<SignIn.IDashboardSignIn, SignIn.AppServiceSignIn>();
        services.AddSingleton<IDashboardArea, AccessArea>();
        services.AddSingleton<ProviderCheck>();
        services.AddSingleton<ActivityReader>();
        services.AddSingleton<UpcomingReader>();
        services.AddSingleton<IDashboardArea, OverviewArea>();
        services.AddSingleton<IDashboardArea, ContactsArea>();
        services.AddSingleton<IDashboardArea, SourcesArea>();
        services.AddSingleton<IDashboardArea, SettingsArea>();
        services.AddSingleton<IDashboardArea, ReportArea>();
        services.AddSingleton<EnrollmentListReader>();
        services.AddSingleton<EnrollmentDetailReader>();
        services.AddSingleton<IDashboardArea, EnrollmentsArea>();
        services.AddSingleton<IDashboardArea, RepliesArea>();
        services.AddSingleton<IDashboardArea, SequencesArea>();
        return services;
    }
}
