using System.Text.RegularExpressions;
using FollowUp.Local.Triggers;

namespace FollowUp.Tests.Infra;

/// <summary>The Bicep's <c>profile</c> parameter sets the app settings that FollowUp.Local's <c>FollowUp:Profile</c> sets.</summary>
public sealed partial class ProfileSettingsTests
{
    [Theory]
    [InlineData(SchedulingProfile.Punctual)]
    [InlineData(SchedulingProfile.Economy)]
    public async Task Build_ProfileParameter_SetsTheValuesOfFollowUpLocalsProfile(SchedulingProfile profile)
    {
        var expression = (await CompiledTemplate.RootAsync()).GetProperty("variables").GetProperty("profileSettings").GetString()!;
        var branches = CreateObject().Matches(expression).Select(match => Pairs(match.Groups[1].Value)).ToArray();
        Assert.Equal(2, branches.Length);
        Assert.StartsWith("[if(equals(parameters('profile'), 'economy'), createObject(", expression, StringComparison.Ordinal);

        var set = branches[profile == SchedulingProfile.Economy ? 0 : 1];

        var expected = SchedulingProfileSettings.For(profile).ToDictionary(pair => AppSetting(pair.Key), pair => pair.Value);
        Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), set.OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }

    /// <summary>The app setting that carries a setting in Azure: <c>__</c> for <c>:</c>, and host.json's behind <c>AzureFunctionsJobHost__</c>.</summary>
    private static string AppSetting(string setting) =>
        (setting.StartsWith("extensions:", StringComparison.Ordinal) ? "AzureFunctionsJobHost__" : "") + setting.Replace(":", "__", StringComparison.Ordinal);

    private static Dictionary<string, string> Pairs(string arguments)
    {
        var values = Quoted().Matches(arguments).Select(match => match.Groups[1].Value).ToArray();
        return Enumerable.Range(0, values.Length / 2).ToDictionary(i => values[2 * i], i => values[(2 * i) + 1]);
    }

    [GeneratedRegex(@"createObject\(([^)]*)\)")]
    private static partial Regex CreateObject();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();
}
