namespace FollowUp.Engine.Sources;

/// <summary>What became of one delivery to a source, as its recent deliveries list it.</summary>
public enum DeliveryResult
{
    /// <summary>A contact was enrolled, or an existing enrollment was named or updated.</summary>
    Enrolled,

    /// <summary>An event was raised (and may have halted follow-ups), with nothing to enroll.</summary>
    EventRaised,

    /// <summary>A form submission waits until its contact confirms by the link sent to them.</summary>
    AwaitingConfirmation,

    /// <summary>The same delivery came before; nothing was done again.</summary>
    Repeat,

    /// <summary>Authentic, but nothing was to be done (an unmapped trigger, a filled honeypot).</summary>
    Ignored,

    /// <summary>Refused before anything was stored: a bad signature, an unusable contact, too many, too large, no secret.</summary>
    Refused,

    /// <summary>Acting on it failed; the sender's retry is acted on.</summary>
    Failed,
}
