using System.ComponentModel.DataAnnotations;

namespace FollowUp.Engine.Inbound;

/// <summary>What inbound email trusts beyond reply tokens and thread Message-IDs, bound from <c>FollowUp:Inbound</c>.</summary>
public sealed class InboundOptions
{
    /// <summary>Whether an email matched by its sender's address alone halts even when no SPF, DKIM or DMARC pass vouches for that address.</summary>
    /// <remarks>Off by default: anyone can write any <c>From:</c>. Turn it on only when the parse service reports no authentication and forged halts are an accepted risk.</remarks>
    public bool TrustUnauthenticatedSenders { get; set; }

    /// <summary>The authserv-id (the name written first) of the receiving mail server whose <c>Authentication-Results</c> header is believed; unset, none is.</summary>
    /// <remarks>A sender can write an <c>Authentication-Results</c> header into a message too; only the receiving server's own, named by this id, is believed.</remarks>
    [MaxLength(253)]
    public string? AuthServId { get; set; }
}
