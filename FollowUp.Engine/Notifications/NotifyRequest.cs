using System.Text.Json;

namespace FollowUp.Engine.Notifications;

/// <summary>The <c>notify</c> object of a sequence: the addresses that hear of its replies, in place of <c>FollowUp:Notify:Email</c>.</summary>
/// <param name="Email">One address or a comma-separated list as a string, or an array of addresses.</param>
public sealed record NotifyRequest(JsonElement? Email)
{
    /// <summary>The request that names these addresses, as a sequence document stores them.</summary>
    public static NotifyRequest Of(IReadOnlyList<string> addresses) => new(JsonSerializer.SerializeToElement(addresses));

    /// <summary>The normalised addresses, or null with the error when they cannot be read.</summary>
    public (IReadOnlyList<string>? Addresses, string? Error) Read()
    {
        IEnumerable<string?>? values = Email?.ValueKind switch
        {
            JsonValueKind.String => [Email.Value.GetString()],
            JsonValueKind.Array when Email.Value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String) => [.. Email.Value.EnumerateArray().Select(item => item.GetString())],
            _ => null,
        };
        var addresses = values is null ? null : NotifyAddresses.Parse(values);
        return addresses is null ? (null, $"{NotifyAddresses.Rule} Use at most {NotifyAddresses.MaxAddresses}.") : (addresses, null);
    }
}
