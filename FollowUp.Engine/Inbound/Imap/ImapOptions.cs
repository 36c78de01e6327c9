using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>The business's own mailbox, read over IMAP for replies, bound from <c>FollowUp:Imap</c>; off while <see cref="Host"/> is unset.</summary>
public sealed class ImapOptions
{
    /// <summary>The IMAP server's host name; unset turns reading off.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port: 993 for TLS, 143 for STARTTLS.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 993;

    /// <summary>How the connection is protected.</summary>
    [EnumDataType(typeof(ImapSecurity))]
    public ImapSecurity Security { get; set; } = ImapSecurity.Tls;

    /// <summary>The login name, usually the mailbox's address.</summary>
    public string? User { get; set; }

    /// <summary>The password or app password; unused with OAuth2, and never logged.</summary>
    public string? Password { get; set; }

    /// <summary>OAuth2 client credentials (Microsoft 365): when its client id is set, the login is SASL XOAUTH2 with a token of the app.</summary>
    [Required]
    [ValidateObjectMembers]
    public ImapOAuthOptions OAuth { get; set; } = new();

    /// <summary>The folder read for replies.</summary>
    [Required]
    [MaxLength(200)]
    public string Folder { get; set; } = "INBOX";

    /// <summary>The mailbox's own address, used for reply addresses with plus-addressing; unset means <see cref="User"/>.</summary>
    public string? Address { get; set; }

    /// <summary>Whether outgoing email gets Reply-To the mailbox's address with a plus-token (<c>owner+token@acme.example</c>), which the mailbox must deliver to itself.</summary>
    public bool PlusAddressing { get; set; }

    /// <summary>The flag set on each message handled: <c>\Flagged</c>, or a keyword such as <c>FollowUp</c>; unset leaves flags alone.</summary>
    [MaxLength(100)]
    [RegularExpression(@"^(\\Flagged|[A-Za-z0-9_$.-]+)$")]
    public string? FlagProcessed { get; set; }

    /// <summary>How many messages one run handles at most; the next run goes on from there.</summary>
    [Range(1, 10000)]
    public int MaxMessagesPerRun { get; set; } = 200;

    /// <summary>How many runs in a row may fail on one message before it is passed over (logged, counted in the health detail, and forwarded to the business).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How far back the first run, or a run after the mailbox's UIDVALIDITY changed, reads when it has nothing later to go on.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan FirstRunLookBack { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long the server may take to answer one command.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the mailbox is to be read.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The mailbox's own address: <see cref="Address"/>, else <see cref="User"/>.</summary>
    public string? MailboxAddress => string.IsNullOrWhiteSpace(Address) ? User : Address;
}
