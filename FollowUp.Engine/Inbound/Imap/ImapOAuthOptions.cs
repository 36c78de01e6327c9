using System.ComponentModel.DataAnnotations;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>OAuth2 client credentials for the IMAP login (Microsoft 365), bound from <c>FollowUp:Imap:OAuth</c>.</summary>
/// <remarks>The app registration needs the <c>IMAP.AccessAsApp</c> application permission of Office 365 Exchange Online, and
/// the mailbox must be granted to its service principal in Exchange Online.</remarks>
public sealed class ImapOAuthOptions
{
    /// <summary>The Microsoft Entra tenant (directory) id.</summary>
    public string? TenantId { get; set; }

    /// <summary>The app registration's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's client secret; never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scope the token is asked for.</summary>
    [Required]
    public string Scope { get; set; } = "https://outlook.office365.com/.default";

    /// <summary>The Microsoft Entra authority; another one serves a national cloud.</summary>
    [Required]
    public Uri AuthorityHost { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>Whether client credentials are set, so that the login is SASL XOAUTH2 instead of a password.</summary>
    public bool IsSet => !string.IsNullOrWhiteSpace(ClientId);
}
