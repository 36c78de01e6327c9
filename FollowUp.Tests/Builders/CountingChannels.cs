using FollowUp.Engine.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Builders;

/// <summary>Wraps the outbox channels to count sends and to fail on demand, before or after the provider accepted.</summary>
public sealed class CountingEmailChannel(OutboxEmailChannel inner) : IEmailChannel
{
    private int sends;

    /// <summary>Makes the counting channel, over the outbox, the engine's email channel.</summary>
    public static void Register(IServiceCollection services) => services
        .AddSingleton<OutboxEmailChannel>()
        .AddSingleton<CountingEmailChannel>()
        .AddSingleton<IEmailChannel>(sp => sp.GetRequiredService<CountingEmailChannel>());

    /// <summary>How many emails reached the provider.</summary>
    public int Sends => sends;

    /// <summary>Throw this after the next email reached the provider, as a crash or timeout would.</summary>
    public Exception? FailAfterAccepting { get; set; }

    /// <summary>Runs while the next email is with the provider, as something that happens during a send (a reply) would.</summary>
    public Func<Task>? DuringSend { get; set; }

    /// <summary>Throw this instead of sending the next email, as an unforeseen failure would.</summary>
    public Exception? FailBeforeSending { get; set; }

    /// <summary>Answer this instead of sending the next email, as a provider that refuses, throttles or is down would.</summary>
    public SendResult? AnswerBeforeSending { get; set; }

    /// <summary>Answer this after the next email reached the provider, as a provider whose acceptance was lost on the way back (a timeout) would.</summary>
    public SendResult? AnswerAfterAccepting { get; set; }

    /// <summary>Runs before the next email reaches the provider, after the claim was taken: a slow provider, or an erasure meanwhile; the provider has no trace of it yet.</summary>
    public Func<Task>? BeforeSending { get; set; }

    public async Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (FailBeforeSending is { } failure)
        {
            FailBeforeSending = null;
            throw failure;
        }

        if (AnswerBeforeSending is { } before)
        {
            AnswerBeforeSending = null;
            return before;
        }

        if (BeforeSending is { } slow)
        {
            BeforeSending = null;
            await slow();
        }

        var answer = await inner.SendAsync(email, cancellationToken);
        Interlocked.Increment(ref sends);
        if (DuringSend is { } during)
        {
            DuringSend = null;
            await during();
        }

        if (FailAfterAccepting is { } after)
        {
            FailAfterAccepting = null;
            throw after;
        }

        if (AnswerAfterAccepting is { } lost)
        {
            AnswerAfterAccepting = null;
            return lost;
        }

        return answer;
    }

    /// <summary>Throw this instead of answering the next question whether an email was sent.</summary>
    public Exception? FailFindingSent { get; set; }

    public Task<string?> FindSentAsync(OutgoingEmail email, DateTimeOffset claimedUtc, CancellationToken cancellationToken)
    {
        if (FailFindingSent is { } failure)
        {
            FailFindingSent = null;
            throw failure;
        }

        return inner.FindSentAsync(email, claimedUtc, cancellationToken);
    }
}
