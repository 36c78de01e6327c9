using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine;

/// <summary>Checks on start what an app outside Development must have: a signing key of its own, and provider addresses that keep credentials off the network in clear.</summary>
/// <remarks>
/// <para>Without <c>FollowUp:SigningKey</c> each instance would sign with its own random key, and every reply address and
/// unsubscribe link would break on the next restart or on another instance, so only Development may run without one.</para>
/// <para>Provider addresses carry credentials (the Twilio account's Basic credentials, ACS's signed requests, CAPTCHA secrets) and the links
/// people follow, so outside Development they must be https. Plain http stays allowed to a loopback host (<c>localhost</c>,
/// <c>127.0.0.0/8</c>, <c>::1</c>) in any environment: such traffic never leaves the machine, and it is how a local
/// stand-in of a provider, or a TLS-terminating proxy on the same machine, is reached.</para>
/// <para>Without a host environment (the engine built on a bare service collection, as some tests and benchmarks do) there is
/// nothing to check against; the Functions worker and FollowUp.Local always have one.</para>
/// </remarks>
public sealed class EnvironmentOptionsValidator(IHostEnvironment? environment) : IValidateOptions<FollowUpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FollowUpOptions options)
    {
        if (environment is null || environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            errors.Add($"FollowUp:SigningKey is required outside Development (the environment is {environment.EnvironmentName}): without it each instance signs with a random key of its own, and reply addresses and unsubscribe links break on restart. Make one with openssl rand -base64 32.");
        }

        var addresses = new (string Setting, Uri? Address)[]
        {
            ("FollowUp:PublicBaseUrl", options.PublicBaseUrl),
            ("FollowUp:Acs:Endpoint", options.Acs.Endpoint),
            ("FollowUp:Twilio:BaseUrl", options.Twilio.BaseUrl),
            ("FollowUp:Forms:TurnstileVerifyUrl", options.Forms.TurnstileVerifyUrl),
            ("FollowUp:Forms:HcaptchaVerifyUrl", options.Forms.HcaptchaVerifyUrl),
        };
        foreach (var (setting, _) in addresses.Where(address => address.Address is { IsAbsoluteUri: true } uri && !IsPrivate(uri)))
        {
            errors.Add($"{setting} must be an https address outside Development (plain http is allowed only to this machine: localhost, 127.0.0.1, ::1).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Whether traffic to the address is encrypted, or never leaves the machine.</summary>
    private static bool IsPrivate(Uri address) =>
        address.Scheme == Uri.UriSchemeHttps
        || (address.Scheme == Uri.UriSchemeHttp && address.IsLoopback);
}
