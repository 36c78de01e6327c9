using FollowUp.Engine;
using FollowUp.Local;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Settings;

/// <summary>Outside Development the app needs a signing key of its own and https provider addresses (or http to this machine).</summary>
public sealed class EnvironmentOptionsValidatorTests
{
    private const string Key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static ValidateOptionsResult Validate(string environment, Action<FollowUpOptions> change)
    {
        var options = new FollowUpOptions { SigningKey = Key };
        change(options);
        return new EnvironmentOptionsValidator(new HostingEnvironment { EnvironmentName = environment }).Validate(null, options);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Validate_NoSigningKeyOutsideDevelopment_NamesTheSetting(string environment)
    {
        var result = Validate(environment, o => o.SigningKey = null);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("FollowUp:SigningKey is required outside Development", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoSigningKeyInDevelopment_Succeeds() =>
        Assert.True(Validate(Environments.Development, o => o.SigningKey = null).Succeeded);

    [Fact]
    public void Validate_WithoutHostEnvironment_ChecksNothing() =>
        Assert.True(new EnvironmentOptionsValidator(null).Validate(null, new FollowUpOptions()).Succeeded);

    [Theory]
    [InlineData("FollowUp:Twilio:BaseUrl", "http://api.twilio.com", false)]
    [InlineData("FollowUp:Twilio:BaseUrl", "https://api.twilio.com", true)]
    [InlineData("FollowUp:Twilio:BaseUrl", "http://127.0.0.1:51234/", true)]
    [InlineData("FollowUp:Acs:Endpoint", "http://acme.communication.azure.com", false)]
    [InlineData("FollowUp:Acs:Endpoint", "http://localhost:10000", true)]
    [InlineData("FollowUp:Acs:Endpoint", "http://[::1]:10000", true)]
    [InlineData("FollowUp:Acs:Endpoint", "http://10.0.0.4", false)]
    [InlineData("FollowUp:PublicBaseUrl", "http://followup.acme.example", false)]
    [InlineData("FollowUp:PublicBaseUrl", "https://followup.acme.example/hooks", true)]
    [InlineData("FollowUp:Forms:TurnstileVerifyUrl", "http://challenges.cloudflare.com/turnstile/v0/siteverify", false)]
    [InlineData("FollowUp:Forms:HcaptchaVerifyUrl", "http://api.hcaptcha.com/siteverify", false)]
    [InlineData("FollowUp:Forms:HcaptchaVerifyUrl", "http://127.0.0.1:4000/siteverify", true)]
    public void Validate_ProviderAddressInProduction_MustBeHttpsOrLoopback(string setting, string address, bool allowed)
    {
        var result = Validate(Environments.Production, o => Set(o, setting, new Uri(address)));

        Assert.Equal(allowed, result.Succeeded);
        Assert.Equal(allowed ? null : $"{setting} must be an https address outside Development (plain http is allowed only to this machine: localhost, 127.0.0.1, ::1).", result.Failures?.Single());
        Assert.True(Validate(Environments.Development, o => Set(o, setting, new Uri(address))).Succeeded);
    }

    [Fact]
    public async Task LocalHost_ProductionWithoutSigningKey_DoesNotStart()
    {
        await using var app = LocalHost.Build(["--urls", "http://127.0.0.1:0", "--environment", Environments.Production], builder => builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["FollowUp:Local:StartAzurite"] = "false", ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(refused.Failures, f => f.StartsWith("FollowUp:SigningKey is required outside Development", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FunctionsWorker_ProductionWithoutSigningKey_DoesNotStart()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => FunctionsWorker.StartAsync(
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["FollowUp:SigningKey"] = null }));

        Assert.Contains(refused.Failures, f => f.StartsWith("FollowUp:SigningKey is required outside Development", StringComparison.Ordinal));
    }

    private static void Set(FollowUpOptions options, string setting, Uri address)
    {
        switch (setting)
        {
            case "FollowUp:Twilio:BaseUrl":
                options.Twilio.BaseUrl = address;
                break;
            case "FollowUp:Acs:Endpoint":
                options.Acs.Endpoint = address;
                break;
            case "FollowUp:Forms:TurnstileVerifyUrl":
                options.Forms.TurnstileVerifyUrl = address;
                break;
            case "FollowUp:Forms:HcaptchaVerifyUrl":
                options.Forms.HcaptchaVerifyUrl = address;
                break;
            default:
                options.PublicBaseUrl = address;
                break;
        }
    }
}
