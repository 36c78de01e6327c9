using System.ComponentModel.DataAnnotations;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Sources.Forms;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine;

/// <summary>The engine's settings, bound from the <c>FollowUp</c> configuration section.</summary>
public sealed class FollowUpOptions
{
    public const string Section = "FollowUp";

    /// <summary>How far ahead of now the scan enqueues steps, with a visibility delay until they are due.</summary>
    /// <remarks>It must exceed the scan interval (one minute in production) so that no step waits for the next scan.</remarks>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LookAhead { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a claimed send is reserved for the worker that claimed it before another may ask the channel what happened; renewed every third of it while the send is in progress.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan SendLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The address at which the outside world reaches this app (<c>https://followup.example.com</c>); providers call back on it.</summary>
    /// <remarks>Without it, providers are given no callback: Twilio delivery reports are then not recorded.</remarks>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The key (base64, at least 32 bytes) that signs reply addresses and unsubscribe links; required outside Development, where links would otherwise break on restart.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Keys (base64, at least 32 bytes each) that signed links still in people's mailboxes: tokens they signed are accepted, none are made with them.</summary>
    public List<string>? PreviousSigningKeys { get; set; }

    /// <summary>The IANA time zone of contacts and sequences that name none; send windows and quiet hours are read in it.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>Dates on which no sequence sends, comma-separated (<c>2026-12-25,2027-01-01</c>), read in each contact's time zone.</summary>
    public string? Holidays { get; set; }

    /// <summary>The longest offset that spreads steps moved to the same window opening; each enrollment gets its own fixed share of it.</summary>
    public TimeSpan Spread { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The local outbox that receives messages when no provider is configured.</summary>
    [Required]
    [ValidateObjectMembers]
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>Email sender settings.</summary>
    [Required]
    [ValidateObjectMembers]
    public EmailOptions Email { get; set; } = new();

    /// <summary>SMS sender settings.</summary>
    [Required]
    [ValidateObjectMembers]
    public SmsOptions Sms { get; set; } = new();

    /// <summary>How often a contact may hear from the business across overlapping sequences.</summary>
    [Required]
    [ValidateObjectMembers]
    public CapsOptions Caps { get; set; } = new();

    /// <summary>Azure Communication Services Email, used when <see cref="EmailOptions.Provider"/> is <c>acs</c>.</summary>
    [Required]
    [ValidateObjectMembers]
    public AcsOptions Acs { get; set; } = new();

    /// <summary>An SMTP server, used when <see cref="EmailOptions.Provider"/> is <c>smtp</c>.</summary>
    [Required]
    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Twilio Programmable Messaging, used when <see cref="SmsOptions.Provider"/> is <c>twilio</c>.</summary>
    [Required]
    [ValidateObjectMembers]
    public TwilioOptions Twilio { get; set; } = new();

    /// <summary>What inbound email trusts.</summary>
    [Required]
    [ValidateObjectMembers]
    public Inbound.InboundOptions Inbound { get; set; } = new();

    /// <summary>The business's own mailbox, read over IMAP for replies.</summary>
    [Required]
    [ValidateObjectMembers]
    public Inbound.Imap.ImapOptions Imap { get; set; } = new();

    /// <summary>The caps and checks of website form sources.</summary>
    [Required]
    [ValidateObjectMembers]
    public FormsOptions Forms { get; set; } = new();

    /// <summary>Timeouts and retries of provider calls; <see cref="ProviderHttp"/> reads the same section, and its bounds are checked here.</summary>
    [Required]
    [ValidateObjectMembers]
    public ProviderHttpOptions Http { get; set; } = new();

    /// <summary>The sweep that puts stuck steps back on the schedule.</summary>
    [Required]
    [ValidateObjectMembers]
    public Scheduling.SweeperOptions Sweeper { get; set; } = new();

    /// <summary>Who is notified of replies, and of what else.</summary>
    [Required]
    [ValidateObjectMembers]
    public Notifications.NotifyOptions Notify { get; set; } = new();

    /// <summary>How long records kept only for repeats and history stay, and how much one cleanup run deletes.</summary>
    [Required]
    [ValidateObjectMembers]
    public Retention.RetentionOptions Retention { get; set; } = new();
}

/// <summary>The cap on messages from other sequences: a step waits while the contact already got <see cref="MaxMessages"/> within <see cref="Window"/>.</summary>
public sealed class CapsOptions
{
    /// <summary>How many messages from other sequences a contact may get within the window before a step waits.</summary>
    [Range(1, 1000)]
    public int MaxMessages { get; set; } = 2;

    /// <summary>The sliding window the cap counts in.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Settings of the folder outbox.</summary>
public sealed class OutboxOptions
{
    /// <summary>The folder that receives <c>.eml</c> and <c>.json</c> files; relative paths start at the working directory.</summary>
    [Required]
    public string Path { get; set; } = ".outbox";
}

/// <summary>Which service delivers emails.</summary>
public enum EmailProvider
{
    /// <summary>Files in the outbox folder; nothing leaves the machine.</summary>
    Outbox,

    /// <summary>Azure Communication Services Email.</summary>
    Acs,

    /// <summary>An SMTP server, such as the business's own mailbox.</summary>
    Smtp,
}

/// <summary>Which service delivers text messages.</summary>
public enum SmsProvider
{
    /// <summary>Files in the outbox folder; nothing leaves the machine.</summary>
    Outbox,

    /// <summary>Twilio Programmable Messaging.</summary>
    Twilio,
}

/// <summary>Settings shared by every email channel.</summary>
public sealed class EmailOptions
{
    /// <summary>The service that delivers emails; the outbox unless set.</summary>
    [EnumDataType(typeof(EmailProvider))]
    public EmailProvider Provider { get; set; } = EmailProvider.Outbox;

    /// <summary>The sender, as an RFC 5322 mailbox (<c>Acme &lt;hello@acme.example&gt;</c>).</summary>
    public string From { get; set; } = "FollowUp <followup@localhost>";

    /// <summary>Where replies go when not to the sender, as an RFC 5322 mailbox; optional.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>How many emails may be sent per window; unset means the provider's default (see <see cref="SendRateLimits"/>).</summary>
    [ValidateEnumeratedItems]
    public List<RateLimit>? RateLimits { get; set; }
}

/// <summary>Settings shared by every SMS channel.</summary>
public sealed class SmsOptions
{
    /// <summary>The service that delivers text messages; the outbox unless set.</summary>
    [EnumDataType(typeof(SmsProvider))]
    public SmsProvider Provider { get; set; } = SmsProvider.Outbox;

    /// <summary>The sending number or sender id of the outbox.</summary>
    [Required]
    public string From { get; set; } = "+15550100000";

    /// <summary>How many segments may be sent per window; unset means the provider's default (see <see cref="SendRateLimits"/>).</summary>
    [ValidateEnumeratedItems]
    public List<RateLimit>? RateLimits { get; set; }

    /// <summary>The countries texts may go to, as ISO 3166 alpha-2 codes separated by commas (<c>US,CA</c>); unset means the country of the sending number.</summary>
    public string? AllowedCountries { get; set; }

    /// <summary>The answer to a texted HELP or INFO: who is writing and how to stop them.</summary>
    [Required]
    [MaxLength(1600)]
    public string HelpText { get; set; } = "Reply STOP to stop messages.";

    /// <summary>When no text is sent, in the contact's time zone, as <c>HH:mm-HH:mm</c>, unless a sequence says otherwise; <c>off</c> sends at any hour.</summary>
    public string QuietHours { get; set; } = "21:00-08:00";
}

/// <summary>At most <see cref="Count"/> units (emails, or SMS segments) in any <see cref="Window"/>.</summary>
public sealed class RateLimit
{
    /// <summary>How many units the window holds.</summary>
    [Range(1, 5000)]
    public int Count { get; set; }

    /// <summary>The length of the sliding window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; }

    /// <summary>Creates a limit.</summary>
    public static RateLimit Of(int count, TimeSpan window) => new() { Count = count, Window = window };

    /// <inheritdoc />
    public override string ToString() => $"{Count} per {Window}";
}

/// <summary>Settings of Azure Communication Services Email.</summary>
public sealed class AcsOptions
{
    /// <summary>The resource's endpoint, <c>https://&lt;resource&gt;.communication.azure.com</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The resource's access key (HMAC-SHA256). When unset, a managed identity token is used instead.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The client id of a user-assigned managed identity; unset means the system-assigned identity (or the developer's sign-in locally).</summary>
    [RegularExpression("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    public string? ClientId { get; set; }
}

/// <summary>Settings of an SMTP server.</summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port: 587 for submission with STARTTLS, 465 for TLS from the start.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>The user name to authenticate with; unset means no authentication.</summary>
    public string? User { get; set; }

    /// <summary>The password to authenticate with.</summary>
    public string? Password { get; set; }

    /// <summary>Whether to require STARTTLS; when false, port 465 uses TLS from the start and other ports send in the clear.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>How long the server may take to answer one command or accept one write.</summary>
    /// <remarks>Well under the send lease, so a stuck server fails the attempt before another worker may take the step over.</remarks>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Settings of Twilio Programmable Messaging.</summary>
public sealed class TwilioOptions
{
    /// <summary>The account SID (<c>AC…</c>).</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's auth token: it authenticates requests and signs Twilio's callbacks.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The sending number in E.164 form; not needed when <see cref="MessagingServiceSid"/> is set.</summary>
    public string? From { get; set; }

    /// <summary>A messaging service (<c>MG…</c>) that picks the sender; takes precedence over <see cref="From"/>.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>The API's address.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");
}
