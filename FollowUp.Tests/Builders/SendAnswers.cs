using FollowUp.Engine.Channels;

namespace FollowUp.Tests.Builders;

/// <summary>Assertions on a channel's answer to a send.</summary>
public static class SendAnswers
{
    /// <summary>Asserts that the provider accepted the message, and returns the provider's message id.</summary>
    public static async Task<string> SentAsync(this Task<SendResult> send)
    {
        var result = await send;
        Assert.True(result.Kind == SendResultKind.Sent, $"Expected the message sent, but the answer was {result.Kind}: {result.Reason}");
        return result.ProviderMessageId!;
    }

    /// <summary>Asserts that the answer is of <paramref name="kind"/>, and returns it.</summary>
    public static async Task<SendResult> AnsweredAsync(this Task<SendResult> send, SendResultKind kind)
    {
        var result = await send;
        Assert.Equal(kind, result.Kind);
        return result;
    }
}
