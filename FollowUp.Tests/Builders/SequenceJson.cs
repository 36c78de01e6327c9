namespace FollowUp.Tests.Builders;

/// <summary>Builds <c>PUT /api/sequences/{id}</c> bodies.</summary>
public static class SequenceJson
{
    /// <summary>An email step.</summary>
    public static object Email(string id, string after, string subject = "Hello {{ contact.firstName }}", string? text = "Hi {{ contact.firstName }}", string? html = null) =>
        new { id, after, channel = "email", subject, text, html };

    /// <summary>An SMS step.</summary>
    public static object Sms(string id, string after, string text = "Hi {{ contact.firstName }}") =>
        new { id, after, channel = "sms", text };

    /// <summary>A sequence body.</summary>
    public static object Sequence(string name, bool stopOnReply, params object[] steps) =>
        new { name, steps, stopOn = new { reply = stopOnReply } };

    /// <summary>A sequence body that also stops on the named events.</summary>
    public static object StoppingOn(string[] events, params object[] steps) =>
        new { name = "Stops on events", steps, stopOn = new { reply = true, events } };
}
