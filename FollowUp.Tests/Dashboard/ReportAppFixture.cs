using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>FollowUp.Local whose dashboard shows days in Asia/Tokyo, so that the business's day is not the UTC day for most of the test run.</summary>
public sealed class ReportAppFixture : LocalAppFixture
{
    /// <summary>The business's time zone.</summary>
    public const string Zone = "Asia/Tokyo";

    protected override void Configure(Dictionary<string, string?> settings) => settings["FollowUp:Dashboard:TimeZone"] = Zone;
}
