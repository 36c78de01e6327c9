using FollowUp.Engine;
using FollowUp.Engine.Inbound.Imap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Inbound.Imap;

/// <summary>The start-up checks of <c>FollowUp:Imap</c>: each names the setting, never a secret's value.</summary>
public sealed class ImapOptionsValidatorTests
{
    private const string Secret = "imap-secret-value-4f2a";

    private static ValidateOptionsResult Validate(Action<ImapOptions> change)
    {
        var options = new FollowUpOptions();
        options.Imap.Host = "imap.acme.example";
        options.Imap.User = "owner@acme.example";
        options.Imap.Password = Secret;
        change(options.Imap);
        return new ImapOptionsValidator().Validate(null, options);
    }

    [Fact]
    public void Validate_ImapNotConfigured_Succeeds() => Assert.True(new ImapOptionsValidator().Validate(null, new FollowUpOptions()).Succeeded);

    [Fact]
    public void Validate_PasswordLoginOverTls_Succeeds() => Assert.True(Validate(_ => { }).Succeeded);

    [Fact]
    public void Validate_OAuthWithEveryCredential_SucceedsWithoutPassword() => Assert.True(Validate(imap =>
    {
        imap.Password = null;
        imap.OAuth.TenantId = "contoso.onmicrosoft.com";
        imap.OAuth.ClientId = "00000000-0000-0000-0000-000000000001";
        imap.OAuth.ClientSecret = Secret;
    }).Succeeded);

    public static TheoryData<string, Action<ImapOptions>> Failures => new()
    {
        { "FollowUp:Imap:User is required", imap => imap.User = null },
        { "FollowUp:Imap:Password is required", imap => imap.Password = null },
        { "FollowUp:Imap:OAuth:TenantId and FollowUp:Imap:OAuth:ClientSecret are required", imap => imap.OAuth.ClientId = "00000000-0000-0000-0000-000000000001" },
        { "FollowUp:Imap:Security may be none only for a loopback host", imap => imap.Security = ImapSecurity.None },
        { "FollowUp:Imap:Address (or FollowUp:Imap:User) must be the mailbox's email address", imap => { imap.User = "owner"; imap.PlusAddressing = true; } },
        { "FollowUp:Imap:Address must have a local part of at most", imap => { imap.Address = new string('a', 30) + "@acme.example"; imap.PlusAddressing = true; } },
        { "FollowUp:Imap:Password or FollowUp:Imap:OAuth:ClientSecret is a Key Vault reference", imap => imap.Password = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/imap/)" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Validate_Misconfigured_NamesTheSettingButNoSecret(string expected, Action<ImapOptions> change)
    {
        var result = Validate(change);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoneToLoopback_Succeeds() => Assert.True(Validate(imap => { imap.Host = "127.0.0.1"; imap.Security = ImapSecurity.None; }).Succeeded);

    [Fact]
    public void AddFollowUpEngine_BadImapBound_FailsOnStartNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["FollowUp:Imap:Host"] = "imap.acme.example",
            ["FollowUp:Imap:User"] = "owner@acme.example",
            ["FollowUp:Imap:Password"] = Secret,
            ["FollowUp:Imap:FlagProcessed"] = "not a flag",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddFollowUpEngine(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FollowUpOptions>>().Value);

        Assert.Contains("FollowUp:Imap:FlagProcessed", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure.Message, StringComparison.Ordinal);
    }
}
