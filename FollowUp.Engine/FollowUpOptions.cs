using System.ComponentModel.DataAnnotations;

namespace FollowUp.Engine;

/// <summary>The engine's settings, bound from the <c>FollowUp</c> configuration section.</summary>
public sealed class FollowUpOptions
{
    public const string Section = "FollowUp";

    /// <summary>How far ahead of now the scan enqueues steps, with a visibility delay until they are due.</summary>
    /// <remarks>It must exceed the scan interval (one minute in production) so that no step waits for the next scan.</remarks>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LookAhead { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a claimed send is reserved for the worker that claimed it before another may ask the channel what happened.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The local outbox that receives messages when no provider is configured.</summary>
    [Required]
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>Email sender settings.</summary>
    [Required]
    public EmailOptions Email { get; set; } = new();

    /// <summary>SMS sender settings.</summary>
    [Required]
    public SmsOptions Sms { get; set; } = new();
}

/// <summary>Settings of the folder outbox.</summary>
public sealed class OutboxOptions
{
    /// <summary>The folder that receives <c>.eml</c> and <c>.json</c> files; relative paths start at the working directory.</summary>
    [Required]
    public string Path { get; set; } = ".outbox";
}

/// <summary>Settings shared by every email channel.</summary>
public sealed class EmailOptions
{
    /// <summary>The sender, as an RFC 5322 mailbox (<c>Acme &lt;hello@acme.example&gt;</c>).</summary>
    [Required]
    public string From { get; set; } = "FollowUp <followup@localhost>";
}

/// <summary>Settings shared by every SMS channel.</summary>
public sealed class SmsOptions
{
    /// <summary>The sending number or sender id.</summary>
    [Required]
    public string From { get; set; } = "+15550100000";
}
