using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>Checks a form submission's CAPTCHA token with the provider's siteverify endpoint, server-side, with the secret the source's setting holds.</summary>
/// <remarks>
/// Turnstile and hCaptcha take the same form-encoded call (<c>secret</c>, <c>response</c>, <c>remoteip</c>) and answer
/// <c>success</c>, <c>error-codes</c> and <c>hostname</c>. A token is good for one call only, so the call is made once,
/// without retries. The secret is read from configuration at each check and never logged or answered.
/// </remarks>
public sealed class CaptchaVerifier(IHttpClientFactory httpClients, IConfiguration configuration, IOptions<FollowUpOptions> options, ILogger<CaptchaVerifier> logger)
{
    /// <summary>The longest token accepted; Turnstile documents 2048 characters as its tokens' maximum.</summary>
    public const int MaxTokenLength = 2048;

    /// <summary>The form fields that carry CAPTCHA tokens; they never go into an enrollment's data.</summary>
    public static readonly IReadOnlyList<string> TokenFields = ["cf-turnstile-response", "h-captcha-response", "g-recaptcha-response"];

    /// <summary>The form field the provider's widget posts its token in.</summary>
    public static string FieldOf(CaptchaProvider provider) => provider == CaptchaProvider.Turnstile ? TokenFields[0] : TokenFields[1];

    /// <summary>Null when the submission's token is confirmed; otherwise the problem: 400 naming the field for a missing token, 403 naming it for a refused one, 503 when the provider or the secret is missing.</summary>
    public async Task<IResult?> CheckAsync(CaptchaSettings captcha, IReadOnlyList<KeyValuePair<string, string>> fields, IPAddress? client, string sourceId, CancellationToken cancellationToken)
    {
        var field = FieldOf(captcha.Provider);
        var token = fields.Where(f => f.Key.Equals(field, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value.Trim()).FirstOrDefault(v => v.Length > 0);
        if (token is null || token.Length > MaxTokenLength)
        {
            return Problems.Validation(field, "Complete the CAPTCHA, then send the form again.");
        }

        if (configuration[captcha.SecretSetting] is not { Length: > 0 } secret)
        {
            logger.LogError("Source {SourceId} cannot check its CAPTCHA: its secret setting {SecretSetting} is not set", sourceId, captcha.SecretSetting);
            return Problems.Unavailable("This form's CAPTCHA cannot be checked now.");
        }

        var form = new Dictionary<string, string> { ["secret"] = secret, ["response"] = token };
        if (client is not null)
        {
            form["remoteip"] = (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();
        }

        var url = captcha.Provider == CaptchaProvider.Turnstile ? options.Value.Forms.TurnstileVerifyUrl : options.Value.Forms.HcaptchaVerifyUrl;
        Answer? answer;
        try
        {
            using var response = await httpClients.CreateClient(ProviderHttp.Single).PostAsync(url, new FormUrlEncodedContent(form), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Source {SourceId}: the {Provider} siteverify endpoint answered {Status}", sourceId, captcha.Provider, (int)response.StatusCode);
                return Problems.Unavailable("The CAPTCHA service did not answer; try again in a minute.");
            }

            answer = await response.Content.ReadFromJsonAsync<Answer>(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or JsonException)
        {
            logger.LogWarning("Source {SourceId}: the {Provider} siteverify call failed: {Reason}", sourceId, captcha.Provider, exception.GetType().Name);
            return Problems.Unavailable("The CAPTCHA service did not answer; try again in a minute.");
        }

        if (answer is not { Success: true })
        {
            logger.LogInformation("Source {SourceId}: {Provider} refused a token: {ErrorCodes}", sourceId, captcha.Provider, string.Join(",", answer?.ErrorCodes ?? []));
            return Refused(field, "The CAPTCHA was not passed or has expired; complete it again.");
        }

        if (captcha.Hostnames.Count > 0 && !captcha.Hostnames.Contains(answer.Hostname ?? "", StringComparer.OrdinalIgnoreCase))
        {
            logger.LogInformation("Source {SourceId}: {Provider} token was solved on another site", sourceId, captcha.Provider);
            return Refused(field, "The CAPTCHA was solved on another site.");
        }

        return null;
    }

    private static IResult Refused(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, statusCode: StatusCodes.Status403Forbidden, title: "The CAPTCHA was not passed.");

    /// <summary>The fields of a siteverify answer that the check reads.</summary>
    private sealed record Answer(
        [property: JsonPropertyName("success")] bool Success,
        [property: JsonPropertyName("error-codes")] IReadOnlyList<string>? ErrorCodes,
        [property: JsonPropertyName("hostname")] string? Hostname);
}
