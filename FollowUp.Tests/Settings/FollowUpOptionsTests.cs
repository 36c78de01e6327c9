using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Channels.Acs;
using FollowUp.Engine.Channels.Smtp;
using FollowUp.Engine.Channels.Twilio;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Sequences;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Settings;

public sealed class FollowUpOptionsTests
{
    private static ValidateOptionsResult Validate(Action<FollowUpOptions> change)
    {
        var options = new FollowUpOptions();
        change(options);
        return new FollowUpOptionsValidator().Validate(null, options);
    }

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(Validate(_ => { }).Succeeded);

    [Fact]
    public void Validate_AcsWithoutEndpoint_NamesTheSetting()
    {
        var result = Validate(o => o.Email.Provider = EmailProvider.Acs);

        Assert.Contains(result.Failures!, f => f.StartsWith("FollowUp:Acs:Endpoint is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TwilioWithoutCredentialsOrSender_NamesEachSettingButNoValue()
    {
        var result = Validate(o =>
        {
            o.Sms.Provider = SmsProvider.Twilio;
            o.Twilio.AuthToken = "secret-token-value";
        });

        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("FollowUp:Twilio:AccountSid", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("FollowUp:Twilio:From or FollowUp:Twilio:MessagingServiceSid", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, f => f.Contains("secret-token-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_KeyVaultReferencesTheAppCouldNotResolve_NameEachSecret()
    {
        const string reference = "@Microsoft.KeyVault(SecretUri=https://kv-acme.vault.azure.net/secrets/twilio-auth-token/)";
        var result = Validate(o =>
        {
            o.Sms.Provider = SmsProvider.Twilio;
            o.Twilio.AccountSid = "AC00000000000000000000000000000000";
            o.Twilio.From = "+14155550100";
            o.Twilio.AuthToken = reference;
            o.SigningKey = reference;
        });

        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("FollowUp:Twilio:AuthToken is a Key Vault reference the app could not resolve", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("FollowUp:SigningKey is a Key Vault reference the app could not resolve", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AcsKeyNotBase64_FailsWithoutShowingTheKey()
    {
        var result = Validate(o =>
        {
            o.Email.Provider = EmailProvider.Acs;
            o.Acs.Endpoint = new Uri("https://acme.communication.azure.com");
            o.Acs.AccessKey = "not base64 secret!";
        });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("FollowUp:Acs:AccessKey must be", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShortOrNonBase64SigningKeys_NameEachSettingButNoValue()
    {
        var result = Validate(o =>
        {
            o.SigningKey = "c2hvcnQta2V5";
            o.PreviousSigningKeys = ["MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "not base64 at all!", "", "c2hvcnQta2V5"];
        });

        Assert.Equal(
            [
                "FollowUp:SigningKey must be at least 32 random bytes in base64 (openssl rand -base64 32).",
                "FollowUp:PreviousSigningKeys:1 must be at least 32 random bytes in base64 (openssl rand -base64 32).",
                "FollowUp:PreviousSigningKeys:3 must be at least 32 random bytes in base64 (openssl rand -base64 32).",
            ],
            result.Failures);
    }

    [Fact]
    public void PreviousSigningKeys_BoundAsAList()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FollowUp:PreviousSigningKeys:0"] = "b2xkZXN0",
            ["FollowUp:PreviousSigningKeys:1"] = "b2xkZXI=",
        }).Build();

        Assert.Equal(["b2xkZXN0", "b2xkZXI="], configuration.GetSection(FollowUpOptions.Section).Get<FollowUpOptions>()!.PreviousSigningKeys);
    }

    [Fact]
    public void Validate_SmtpUserWithoutPassword_Fails()
    {
        var result = Validate(o =>
        {
            o.Email.Provider = EmailProvider.Smtp;
            o.Smtp.Host = "smtp.example.com";
            o.Smtp.User = "ann";
        });

        Assert.Equal(["FollowUp:Smtp:Password is required when FollowUp:Smtp:User is set."], result.Failures);
    }

    [Theory]
    [InlineData(0, "00:01:00", "The field FollowUp:Email:RateLimits:0:Count must be between 1 and 5000.")]
    [InlineData(10, "00:00:00", "The field FollowUp:Email:RateLimits:0:Window must be between 00:00:01 and 1.00:00:00.")]
    public void Validate_BadRateLimit_NamesItsIndex(int count, string window, string failure)
    {
        var result = Validate(o => o.Email.RateLimits = [RateLimit.Of(count, TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal([failure], result.Failures);
    }

    [Theory]
    [InlineData("not a mailbox", "FollowUp:Email:From")]
    [InlineData("Acme <hello@acme.example>", null)]
    public void Validate_From_MustBeAMailbox(string from, string? failingSetting)
    {
        var result = Validate(o => o.Email.From = from);

        Assert.Equal(failingSetting is null, result.Succeeded);
    }

    [Theory]
    [InlineData("sales@acme.example", null, null)]
    [InlineData("Sales <sales@acme.example>, ann@acme.example", "+447911012345", null)]
    [InlineData("ops@acme", null, "FollowUp:Notify:Email")]
    [InlineData("ops@acme.example; ann@", null, "FollowUp:Notify:Email")]
    [InlineData("", "", null)]
    [InlineData(null, "07911 012345", "FollowUp:Notify:Sms")]
    public void Validate_NotifyAddresses_NameTheBadSettingButNoValue(string? email, string? sms, string? failingSetting)
    {
        var result = Validate(o =>
        {
            o.Notify.Email = email;
            o.Notify.Sms = sms;
        });

        Assert.Equal(failingSetting is null, result.Succeeded);
        if (failingSetting is not null)
        {
            var failure = Assert.Single(result.Failures!);
            Assert.StartsWith(failingSetting + " ", failure);
            var value = email ?? sms!;
            Assert.True(value.Length == 0 || !failure.Contains(value, StringComparison.Ordinal), failure);
        }
    }

    [Fact]
    public void NotifyDefaults_ForwardUnmatchedMail_ButNotConversionsOrOptOuts()
    {
        var notify = new FollowUpOptions().Notify;

        Assert.True(notify.Unmatched);
        Assert.False(notify.Conversions);
        Assert.False(notify.OptOuts);
        Assert.Null(notify.Email);
    }

    [Theory]
    [InlineData(EmailProvider.Acs, "Acme <hello@acme.example>", "30 per 00:01:00|100 per 01:00:00")]
    [InlineData(EmailProvider.Acs, "DoNotReply@0a1b2c.azurecomm.net", "5 per 00:01:00|10 per 01:00:00")]
    [InlineData(EmailProvider.Smtp, "Acme <hello@acme.example>", "")]
    [InlineData(EmailProvider.Outbox, "Acme <hello@acme.example>", "")]
    public void RateLimits_EmailDefaults_FollowTheProviderAndDomain(EmailProvider provider, string from, string expected)
    {
        var limits = new SendRateLimits(Options.Create(new FollowUpOptions { Email = { Provider = provider, From = from } }));

        Assert.Equal(expected, string.Join('|', limits.For(StepChannel.Email)));
    }

    [Fact]
    public void RateLimits_TwilioDefault_IsOneSegmentASecond_AndConfiguredLimitsReplaceDefaults()
    {
        var twilio = new FollowUpOptions { Sms = { Provider = SmsProvider.Twilio } };
        Assert.Equal("1 per 00:00:01", string.Join('|', new SendRateLimits(Options.Create(twilio)).For(StepChannel.Sms)));

        twilio.Sms.RateLimits = [RateLimit.Of(3, TimeSpan.FromSeconds(1))];
        Assert.Equal("3 per 00:00:01", string.Join('|', new SendRateLimits(Options.Create(twilio)).For(StepChannel.Sms)));
    }

    [Theory]
    [InlineData(null, null, typeof(OutboxEmailChannel), typeof(OutboxSmsChannel))]
    [InlineData("acs", "twilio", typeof(AcsEmailChannel), typeof(TwilioSmsChannel))]
    [InlineData("Smtp", "Outbox", typeof(SmtpEmailChannel), typeof(OutboxSmsChannel))]
    public void AddFollowUpEngine_PicksTheConfiguredProviders(string? email, string? sms, Type emailChannel, Type smsChannel)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["FollowUp:Email:Provider"] = email,
            ["FollowUp:Sms:Provider"] = sms,
            ["FollowUp:Acs:Endpoint"] = "https://acme.communication.azure.com",
            ["FollowUp:Smtp:Host"] = "smtp.acme.example",
            ["FollowUp:Twilio:AccountSid"] = "AC00000000000000000000000000000000",
            ["FollowUp:Twilio:AuthToken"] = "token",
            ["FollowUp:Twilio:From"] = "+15550100001",
            ["FollowUp:Email:RateLimits:0:Count"] = "7",
            ["FollowUp:Email:RateLimits:0:Window"] = "00:02:00",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddFollowUpEngine(configuration).BuildServiceProvider();

        Assert.IsType(emailChannel, provider.GetRequiredService<IEmailChannel>());
        Assert.IsType(smsChannel, provider.GetRequiredService<ISmsChannel>());
        Assert.Equal("7 per 00:02:00", string.Join('|', provider.GetRequiredService<SendRateLimits>().For(StepChannel.Email)));
    }
}
