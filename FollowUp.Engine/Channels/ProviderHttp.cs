using System.ComponentModel.DataAnnotations;
using System.Net;
using FollowUp.Engine.Channels.Twilio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace FollowUp.Engine.Channels;

/// <summary>The HTTP clients that call providers: a timeout on every attempt, and retries with backoff where a retry cannot send twice.</summary>
/// <remarks>
/// <see cref="Retrying"/> retries timeouts, connection failures, 408 and 5xx (never 429: the dispatcher waits for that
/// on the queue). It serves reads and sends the provider deduplicates (ACS's repeatable requests). <see cref="Single"/> never
/// retries: a Twilio send has no idempotency key, so after a failure the dispatcher asks Twilio before sending again.
/// Header values are never logged. Requests for Twilio's API go to <c>FollowUp:Twilio:BaseUrl</c>
/// (<see cref="TwilioBaseUrlHandler"/>). Delays and timeouts run on the system clock whatever clock the engine is given,
/// because they measure the network.
/// </remarks>
public static class ProviderHttp
{
    /// <summary>The name of the client that retries.</summary>
    public const string Retrying = "provider";

    /// <summary>The name of the client that makes one attempt.</summary>
    public const string Single = "provider-single";

    /// <summary>Registers both clients.</summary>
    public static IServiceCollection AddProviderHttpClients(this IServiceCollection services)
    {
        services.AddOptions<ProviderHttpOptions>().BindConfiguration(FollowUpOptions.Section + ":Http");
        services.AddTransient<TwilioBaseUrlHandler>();
        services.AddHttpClient(Retrying)
            .RedactLoggedHeaders(_ => true)
            .AddHttpMessageHandler<TwilioBaseUrlHandler>()
            .AddResilienceHandler(Retrying, (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProviderHttpOptions>>().Value;
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = settings.MaxRetries,
                    Delay = settings.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                });
                pipeline.AddTimeout(settings.AttemptTimeout);
            });
        services.AddHttpClient(Single)
            .RedactLoggedHeaders(_ => true)
            .AddHttpMessageHandler<TwilioBaseUrlHandler>()
            .AddResilienceHandler(Single, (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProviderHttpOptions>>().Value;
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(settings.AttemptTimeout);
            });
        return services;
    }

    /// <summary>Whether an answer or error is worth another attempt: a timeout, a connection failure, 408 or 5xx.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.RequestTimeout } => true,
        { Result.StatusCode: var status } when (int)status >= 500 => true,
        _ => false,
    };
}

/// <summary>Timeouts and retries of provider calls, bound from <c>FollowUp:Http</c>.</summary>
public sealed class ProviderHttpOptions
{
    /// <summary>How long one attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The first retry's delay; later ones double, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many retries follow a failed attempt.</summary>
    [Range(1, 10)]
    public int MaxRetries { get; set; } = 3;
}
