using System.Reflection;
using FollowUp.Engine;
using FollowUp.Local;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Settings;

/// <summary>Every setting's bounds, nested settings included, are checked at start, and a refusal names the setting's full path, never its value.</summary>
public sealed class SettingBoundsTests
{
    /// <summary>Valid settings that fill every list the bounds look into and name the SMS countries, so a row breaks one setting and nothing else.</summary>
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["FollowUp:Email:RateLimits:0:Count"] = "30",
        ["FollowUp:Email:RateLimits:0:Window"] = "00:01:00",
        ["FollowUp:Sms:RateLimits:0:Count"] = "1",
        ["FollowUp:Sms:RateLimits:0:Window"] = "00:00:01",
        ["FollowUp:Sms:AllowedCountries"] = "US",
        // A scan every second, so that the shortest look-ahead covers the interval between two scans.
        ["FOLLOWUP_SCAN_SCHEDULE"] = "* * * * * *",
    };

    /// <summary>A bad value for each end of every bounded setting: the setting, the value, and the one failure start-up reports.</summary>
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "FollowUp:LookAhead", "00:00:00", "The field FollowUp:LookAhead must be between 00:00:01 and 1.00:00:00." },
        { "FollowUp:LookAhead", "1.00:00:01", "The field FollowUp:LookAhead must be between 00:00:01 and 1.00:00:00." },
        { "FollowUp:SendLease", "00:00:04", "The field FollowUp:SendLease must be between 00:00:05 and 01:00:00." },
        { "FollowUp:SendLease", "01:00:01", "The field FollowUp:SendLease must be between 00:00:05 and 01:00:00." },
        { "FollowUp:Spread", "06:00:01", "FollowUp:Spread must be between 00:00:00 and 06:00:00." },
        { "FollowUp:Outbox:Path", "", "The FollowUp:Outbox:Path field is required." },
        { "FollowUp:Outbox:Path", "   ", "The FollowUp:Outbox:Path field is required." },
        { "FollowUp:Email:From", "", "FollowUp:Email:From must be a mailbox such as 'Acme <hello@acme.example>'." },
        { "FollowUp:Sms:From", "", "The FollowUp:Sms:From field is required." },
        { "FollowUp:Email:Provider", "7", "The field FollowUp:Email:Provider is invalid." },
        { "FollowUp:Email:RateLimits:0:Count", "0", "The field FollowUp:Email:RateLimits:0:Count must be between 1 and 5000." },
        { "FollowUp:Email:RateLimits:0:Count", "5001", "The field FollowUp:Email:RateLimits:0:Count must be between 1 and 5000." },
        { "FollowUp:Email:RateLimits:0:Window", "00:00:00", "The field FollowUp:Email:RateLimits:0:Window must be between 00:00:01 and 1.00:00:00." },
        { "FollowUp:Email:RateLimits:0:Window", "1.00:00:01", "The field FollowUp:Email:RateLimits:0:Window must be between 00:00:01 and 1.00:00:00." },
        { "FollowUp:Sms:Provider", "9", "The field FollowUp:Sms:Provider is invalid." },
        { "FollowUp:Sms:HelpText", "", "The FollowUp:Sms:HelpText field is required." },
        { "FollowUp:Sms:HelpText", new string('h', 1601), "The field FollowUp:Sms:HelpText must be a string or array type with a maximum length of '1600'." },
        { "FollowUp:Sms:RateLimits:0:Count", "5001", "The field FollowUp:Sms:RateLimits:0:Count must be between 1 and 5000." },
        { "FollowUp:Sms:RateLimits:0:Window", "1.00:00:01", "The field FollowUp:Sms:RateLimits:0:Window must be between 00:00:01 and 1.00:00:00." },
        { "FollowUp:Caps:MaxMessages", "0", "The field FollowUp:Caps:MaxMessages must be between 1 and 1000." },
        { "FollowUp:Caps:MaxMessages", "1001", "The field FollowUp:Caps:MaxMessages must be between 1 and 1000." },
        { "FollowUp:Caps:Window", "00:00:59", "The field FollowUp:Caps:Window must be between 00:01:00 and 30.00:00:00." },
        { "FollowUp:Caps:Window", "30.00:00:01", "The field FollowUp:Caps:Window must be between 00:01:00 and 30.00:00:00." },
        { "FollowUp:Acs:ClientId", "my-identity", "The field FollowUp:Acs:ClientId must match the regular expression '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$'." },
        { "FollowUp:Smtp:Port", "0", "The field FollowUp:Smtp:Port must be between 1 and 65535." },
        { "FollowUp:Smtp:Port", "65536", "The field FollowUp:Smtp:Port must be between 1 and 65535." },
        { "FollowUp:Smtp:Timeout", "00:00:00", "The field FollowUp:Smtp:Timeout must be between 00:00:01 and 00:05:00." },
        { "FollowUp:Smtp:Timeout", "00:05:01", "The field FollowUp:Smtp:Timeout must be between 00:00:01 and 00:05:00." },
        { "FollowUp:Twilio:BaseUrl", "api.twilio.com", "FollowUp:Twilio:BaseUrl must be an absolute http(s) address." },
        { "FollowUp:Inbound:AuthServId", new string('m', 254), "The field FollowUp:Inbound:AuthServId must be a string or array type with a maximum length of '253'." },
        { "FollowUp:Forms:PerClient:Count", "0", "The field FollowUp:Forms:PerClient:Count must be between 1 and 5000." },
        { "FollowUp:Forms:PerClient:Window", "00:00:00", "The field FollowUp:Forms:PerClient:Window must be between 00:00:01 and 1.00:00:00." },
        { "FollowUp:Forms:PerSource:Count", "5001", "The field FollowUp:Forms:PerSource:Count must be between 1 and 5000." },
        { "FollowUp:Forms:PerSource:Window", "1.00:00:01", "The field FollowUp:Forms:PerSource:Window must be between 00:00:01 and 1.00:00:00." },
        { "FollowUp:Forms:PerRecipient:Count", "0", "The field FollowUp:Forms:PerRecipient:Count must be between 1 and 5000." },
        { "FollowUp:Forms:PerRecipient:Window", "2.00:00:00", "The field FollowUp:Forms:PerRecipient:Window must be between 00:00:01 and 1.00:00:00." },
        { "FollowUp:Forms:ConfirmationExpiry", "00:59:59", "The field FollowUp:Forms:ConfirmationExpiry must be between 01:00:00 and 30.00:00:00." },
        { "FollowUp:Forms:ConfirmationExpiry", "30.00:00:01", "The field FollowUp:Forms:ConfirmationExpiry must be between 01:00:00 and 30.00:00:00." },
        { "FollowUp:Http:AttemptTimeout", "00:00:00.050", "The field FollowUp:Http:AttemptTimeout must be between 00:00:00.1000000 and 00:01:00." },
        { "FollowUp:Http:AttemptTimeout", "00:01:01", "The field FollowUp:Http:AttemptTimeout must be between 00:00:00.1000000 and 00:01:00." },
        { "FollowUp:Http:RetryDelay", "00:00:10.5", "The field FollowUp:Http:RetryDelay must be between 00:00:00 and 00:00:10." },
        { "FollowUp:Http:MaxRetries", "0", "The field FollowUp:Http:MaxRetries must be between 1 and 10." },
        { "FollowUp:Http:MaxRetries", "11", "The field FollowUp:Http:MaxRetries must be between 1 and 10." },
        { "FollowUp:Sweeper:MaxReschedules", "0", "The field FollowUp:Sweeper:MaxReschedules must be between 1 and 100." },
        { "FollowUp:Sweeper:MaxReschedules", "101", "The field FollowUp:Sweeper:MaxReschedules must be between 1 and 100." },
    };

    /// <summary>The value at each end of every bounded setting, which start-up accepts.</summary>
    public static TheoryData<string, string> EdgeValues => new()
    {
        { "FollowUp:LookAhead", "00:00:01" },
        { "FollowUp:LookAhead", "1.00:00:00" },
        { "FollowUp:SendLease", "00:00:05" },
        { "FollowUp:SendLease", "01:00:00" },
        { "FollowUp:Email:RateLimits:0:Count", "5000" },
        { "FollowUp:Sms:HelpText", new string('h', 1600) },
        { "FollowUp:Caps:MaxMessages", "1" },
        { "FollowUp:Caps:MaxMessages", "1000" },
        { "FollowUp:Caps:Window", "00:01:00" },
        { "FollowUp:Caps:Window", "30.00:00:00" },
        { "FollowUp:Acs:ClientId", "0F8FAD5B-D9CB-469F-A165-70867728950E" },
        { "FollowUp:Smtp:Port", "1" },
        { "FollowUp:Smtp:Port", "65535" },
        { "FollowUp:Inbound:AuthServId", new string('m', 253) },
        { "FollowUp:Forms:ConfirmationExpiry", "01:00:00" },
        { "FollowUp:Forms:ConfirmationExpiry", "30.00:00:00" },
        { "FollowUp:Http:AttemptTimeout", "00:00:00.100" },
        { "FollowUp:Http:AttemptTimeout", "00:01:00" },
        { "FollowUp:Http:RetryDelay", "00:00:00" },
        { "FollowUp:Http:MaxRetries", "1" },
        { "FollowUp:Http:MaxRetries", "10" },
        { "FollowUp:Sweeper:MaxReschedules", "1" },
        { "FollowUp:Sweeper:MaxReschedules", "100" },
    };

    /// <summary>The three values issue 14 reproduced, and one of the provider HTTP settings bound beside the engine's.</summary>
    public static TheoryData<string, string, string> Reproduced => new()
    {
        { "FollowUp:Caps:MaxMessages", "0", "The field FollowUp:Caps:MaxMessages must be between 1 and 1000." },
        { "FollowUp:Smtp:Port", "0", "The field FollowUp:Smtp:Port must be between 1 and 65535." },
        { "FollowUp:Outbox:Path", "", "The FollowUp:Outbox:Path field is required." },
        { "FollowUp:Http:MaxRetries", "0", "The field FollowUp:Http:MaxRetries must be between 1 and 10." },
    };

    /// <summary>The engine's settings as a host reads them at start, with <paramref name="setting"/> set to <paramref name="value"/>.</summary>
    private static FollowUpOptions Start(string setting, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Valid).AddInMemoryCollection([new(setting, value)]).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddFollowUpEngine(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<FollowUpOptions>>().Value;
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Start_BadValue_FailsNamingTheSettingOnly(string setting, string value, string failure)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Start(setting, value));

        Assert.Equal([failure], refused.Failures);
    }

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void Start_ValueAtItsBound_Succeeds(string setting, string value) =>
        Assert.Null(Record.Exception(() => Start(setting, value)));

    [Theory]
    [MemberData(nameof(Reproduced))]
    public async Task LocalHost_BadValue_DoesNotStart(string setting, string value, string failure)
    {
        await using var app = LocalHost.Build(["--urls", "http://127.0.0.1:0", "--environment", Environments.Development], builder => builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["FollowUp:Local:StartAzurite"] = "false", ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", [setting] = value }));

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal([failure], refused.Failures);
    }

    [Theory]
    [MemberData(nameof(Reproduced))]
    public async Task FunctionsWorker_BadValue_DoesNotStart(string setting, string value, string failure)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => FunctionsWorker.StartAsync(
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", [setting] = value }));

        Assert.Equal([failure], refused.Failures);
    }

    [Fact]
    public void FollowUpOptions_EveryNestedSettingsClass_IsValidatedThrough()
    {
        var missing = new List<string>();
        var seen = new HashSet<Type>();
        Walk(typeof(FollowUpOptions), FollowUpOptions.Section);

        Assert.Empty(missing);

        void Walk(Type type, string path)
        {
            if (!seen.Add(type))
            {
                return;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var setting = $"{path}:{property.Name}";
                if (IsSettingsClass(property.PropertyType))
                {
                    Expect<ValidateObjectMembersAttribute>(property, setting);
                    Walk(property.PropertyType, setting);
                }
                else if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericArguments() is [var item] && IsSettingsClass(item))
                {
                    Expect<ValidateEnumeratedItemsAttribute>(property, setting);
                    Walk(item, $"{setting}:N");
                }
            }
        }

        void Expect<TAttribute>(PropertyInfo property, string setting)
            where TAttribute : Attribute
        {
            if (property.GetCustomAttribute<TAttribute>() is null)
            {
                missing.Add($"{setting} lacks [{typeof(TAttribute).Name}]");
            }
        }
    }

    private static bool IsSettingsClass(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("FollowUp.Engine", StringComparison.Ordinal) == true;
}
