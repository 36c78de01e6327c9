using Cronos;
using FollowUp.Engine;
using FollowUp.Engine.Scheduling;
using FollowUp.Local;
using FollowUp.Local.Triggers;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Settings;

public sealed class ScanScheduleCheckTests
{
    private const string TooShort = "FollowUp:LookAhead must be at least {0}, the longest interval between two runs of FOLLOWUP_SCAN_SCHEDULE; a shorter one leaves steps waiting for a later scan. Set FollowUp:LookAhead, or choose the schedule with FollowUp:Profile.";

    [Theory]
    [InlineData("0 */1 * * * *", "00:01:00")]
    [InlineData("* * * * * *", "00:00:01")]
    [InlineData("0 */10 * * * *", "00:10:00")]
    [InlineData("0 0,5 * * * *", "00:55:00")]
    [InlineData("0 0 9-17 * * MON-FRI", "2.16:00:00")]
    public void LongestInterval_Schedule_IsTheLongestGapBetweenTwoRuns(string schedule, string longest) =>
        Assert.Equal(TimeSpan.Parse(longest, System.Globalization.CultureInfo.InvariantCulture), ScanScheduleCheck.LongestInterval(CronExpression.Parse(schedule, CronFormat.IncludeSeconds)));

    [Theory]
    [InlineData("0 */10 * * * *", "00:05:00", "00:10:00")]
    [InlineData("0 */1 * * * *", "00:00:30", "00:01:00")]
    [InlineData("0 0,5 * * * *", "00:10:00", "00:55:00")]
    public void Start_LookAheadShorterThanTheScanInterval_FailsNamingBothSettings(string schedule, string lookAhead, string needed)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Start(schedule, lookAhead));

        Assert.Equal([string.Format(System.Globalization.CultureInfo.InvariantCulture, TooShort, needed)], refused.Failures);
    }

    [Theory]
    [InlineData(null, "00:01:00")]
    [InlineData("0 */10 * * * *", "00:10:00")]
    [InlineData("0 */10 * * * *", "00:12:00")]
    public void Start_LookAheadCoveringTheScanInterval_Succeeds(string? schedule, string lookAhead) =>
        Assert.Null(Record.Exception(() => Start(schedule, lookAhead)));

    [Fact]
    public void Start_ScheduleThatDoesNotParse_FailsNamingTheSetting()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Start("every ten minutes", "00:12:00"));

        Assert.Equal(["FOLLOWUP_SCAN_SCHEDULE must be an NCRONTAB expression with seconds, such as 0 */1 * * * *."], refused.Failures);
    }

    [Fact]
    public void LocalHost_EconomyProfile_SetsItsValuesBelowExplicitSettings()
    {
        using var app = Build(new() { ["FollowUp:Profile"] = "economy", ["FOLLOWUP_SWEEP_SCHEDULE"] = "0 */20 * * * *" });
        var configuration = app.Services.GetRequiredService<IConfiguration>();

        Assert.Equal("0 */10 * * * *", configuration[ScanLoop.ScheduleSetting]);
        Assert.Equal("30 */10 * * * *", configuration[NotificationLoop.ScheduleSetting]);
        Assert.Equal("0 */20 * * * *", configuration[SweepLoop.ScheduleSetting]);
        Assert.Equal(TimeSpan.FromMinutes(12), app.Services.GetRequiredService<IOptions<FollowUpOptions>>().Value.LookAhead);
        Assert.Equal(TimeSpan.FromMinutes(5), app.Services.GetRequiredService<IOptions<QueueTriggerOptions>>().Value.MaxPollingInterval);
    }

    [Fact]
    public void LocalHost_NoProfile_KeepsThePunctualValues()
    {
        using var app = Build([]);

        Assert.Equal("0 */1 * * * *", app.Services.GetRequiredService<IConfiguration>()[ScanLoop.ScheduleSetting]);
        Assert.Equal(TimeSpan.FromMinutes(2), app.Services.GetRequiredService<IOptions<FollowUpOptions>>().Value.LookAhead);
        Assert.Equal(TimeSpan.FromSeconds(2), app.Services.GetRequiredService<IOptions<QueueTriggerOptions>>().Value.MaxPollingInterval);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("1")]
    public void LocalHost_UnknownProfile_DoesNotBuildAndNamesTheSetting(string profile)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Build(new() { ["FollowUp:Profile"] = profile }));

        Assert.Equal("FollowUp:Profile must be punctual or economy.", refused.Message);
    }

    [Fact]
    public async Task LocalHost_EconomyProfileWithTheOldLookAhead_DoesNotStart()
    {
        await using var app = Build(new() { ["FollowUp:Profile"] = "Economy", ["FollowUp:LookAhead"] = "00:02:00" });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal([string.Format(System.Globalization.CultureInfo.InvariantCulture, TooShort, "00:10:00")], refused.Failures);
    }

    [Fact]
    public async Task FunctionsWorker_ScanEveryTenMinutesWithTheDefaultLookAhead_DoesNotStart()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => FunctionsWorker.StartAsync(
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["FOLLOWUP_SCAN_SCHEDULE"] = "0 */10 * * * *" }));

        Assert.Equal([string.Format(System.Globalization.CultureInfo.InvariantCulture, TooShort, "00:10:00")], refused.Failures);
    }

    private static void Start(string? schedule, string lookAhead)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["FOLLOWUP_SCAN_SCHEDULE"] = schedule,
            ["FollowUp:LookAhead"] = lookAhead,
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddFollowUpEngine(configuration).BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<FollowUpOptions>>().Value;
    }

    private static WebApplication Build(Dictionary<string, string?> settings) =>
        LocalHost.Build(["--urls", "http://127.0.0.1:0", "--environment", Environments.Development], builder => builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>(settings) { ["FollowUp:Local:StartAzurite"] = "false", ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));
}
