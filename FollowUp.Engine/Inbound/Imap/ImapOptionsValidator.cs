using System.Net;
using FollowUp.Engine.Inbound.Email;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>Checks on start that a configured IMAP mailbox has what the login and the reply addresses need, naming the setting (never its value).</summary>
/// <remarks>A connection without TLS is allowed only to a loopback host, where the password never crosses a network.</remarks>
public sealed class ImapOptionsValidator : IValidateOptions<FollowUpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FollowUpOptions options)
    {
        var imap = options.Imap;
        if (!imap.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(imap.User))
        {
            errors.Add("FollowUp:Imap:User is required when FollowUp:Imap:Host is set.");
        }

        if (imap.OAuth.IsSet)
        {
            if (string.IsNullOrWhiteSpace(imap.OAuth.TenantId) || string.IsNullOrWhiteSpace(imap.OAuth.ClientSecret))
            {
                errors.Add("FollowUp:Imap:OAuth:TenantId and FollowUp:Imap:OAuth:ClientSecret are required when FollowUp:Imap:OAuth:ClientId is set.");
            }

            if (imap.OAuth.AuthorityHost is not { IsAbsoluteUri: true, Scheme: "https" })
            {
                errors.Add("FollowUp:Imap:OAuth:AuthorityHost must be an absolute https address.");
            }
        }
        else if (string.IsNullOrEmpty(imap.Password))
        {
            errors.Add("FollowUp:Imap:Password is required when FollowUp:Imap:Host is set, unless FollowUp:Imap:OAuth:ClientId is.");
        }

        if (imap.Security == ImapSecurity.None && !IsLoopback(imap.Host!))
        {
            errors.Add("FollowUp:Imap:Security may be none only for a loopback host; use tls or starttls.");
        }

        if (imap.PlusAddressing)
        {
            if (imap.MailboxAddress is not { } address || !MailboxAddress.TryParse(address, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal))
            {
                errors.Add("FollowUp:Imap:Address (or FollowUp:Imap:User) must be the mailbox's email address when FollowUp:Imap:PlusAddressing is on.");
            }
            else if (mailbox.LocalPart.Length > ReplyAddress.MaxLocalPartLength)
            {
                errors.Add($"FollowUp:Imap:Address must have a local part of at most {ReplyAddress.MaxLocalPartLength} characters, to leave room for the reply token.");
            }
        }

        if (IsKeyVaultReference(imap.Password) || IsKeyVaultReference(imap.OAuth.ClientSecret))
        {
            errors.Add("FollowUp:Imap:Password or FollowUp:Imap:OAuth:ClientSecret is a Key Vault reference the app could not resolve: check that the secret exists and that the app's identity may read it (Key Vault Secrets User).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    private static bool IsKeyVaultReference(string? value) =>
        value?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true;
}
