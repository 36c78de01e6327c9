namespace FollowUp.Engine.Inbound.Email;

/// <summary>One recipient of a delivery status notification (RFC 3464): its address, what happened, and the server's words.</summary>
/// <param name="Address">The <c>Final-Recipient</c> (else <c>Original-Recipient</c>) address.</param>
/// <param name="Action">The <c>Action</c> field, lowercased: <c>failed</c>, <c>delayed</c>, <c>delivered</c>, <c>relayed</c>, <c>expanded</c>.</param>
/// <param name="Status">The <c>Status</c> field, such as <c>5.1.1</c>.</param>
/// <param name="Diagnostic">The <c>Diagnostic-Code</c> field, such as <c>smtp; 550 5.1.1 user unknown</c>.</param>
public sealed record ReportedRecipient(string Address, string? Action, string? Status, string? Diagnostic)
{
    /// <summary>Whether delivery to this recipient failed for good.</summary>
    public bool Failed => Action == "failed";
}
