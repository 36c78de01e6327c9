namespace FollowUp.Engine.Inbound.Imap;

/// <summary>How the connection to the IMAP server is protected.</summary>
public enum ImapSecurity
{
    /// <summary>TLS from the start (port 993).</summary>
    Tls,

    /// <summary>A plain connection upgraded with STARTTLS, which must succeed (port 143).</summary>
    StartTls,

    /// <summary>No encryption; allowed only to a loopback host.</summary>
    None,
}
