namespace FollowUp.Engine.Inbound.Sms;

/// <summary>What a text message to the business's number asks for.</summary>
public enum SmsKeyword
{
    /// <summary>Anything that is not a keyword: a reply from the person.</summary>
    Reply,

    /// <summary>STOP and its synonyms: no more text messages to this phone.</summary>
    OptOut,

    /// <summary>START, YES or UNSTOP: text messages to this phone again.</summary>
    OptIn,

    /// <summary>HELP or INFO: the business's help text.</summary>
    Help,
}
