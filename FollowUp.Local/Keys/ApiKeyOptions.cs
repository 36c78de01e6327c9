namespace FollowUp.Local.Keys;

/// <summary>The key FollowUp.Local asks of callers, bound from <c>FollowUp:ApiKey</c>, as the Functions host asks for a function key.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "FollowUp";

    /// <summary>The key; when unset, FollowUp.Local answers keyed routes from this machine (loopback) only.</summary>
    public string? ApiKey { get; set; }
}
