using FollowUp.Engine.Sources;

namespace FollowUp.Engine.Dashboard.Sources;

/// <summary>What a source's page shows.</summary>
/// <param name="Source">The source.</param>
/// <param name="Setup">What the dashboard says about its kind.</param>
/// <param name="DeliveryUrl">The full address senders post to.</param>
/// <param name="AddressFromSetting">Whether that address comes from <c>FollowUp:PublicBaseUrl</c> rather than this request.</param>
/// <param name="SecretSet">Whether its secret setting holds a value; null for forms.</param>
/// <param name="SequenceNames">The names of the sequences it enrolls into, by id.</param>
/// <param name="Snippet">The HTML form to copy, for a form source.</param>
/// <param name="Deliveries">Its last deliveries, newest first.</param>
public sealed record SourceModel(
    Source Source,
    SourceSetup Setup,
    string DeliveryUrl,
    bool AddressFromSetting,
    bool? SecretSet,
    IReadOnlyDictionary<string, string> SequenceNames,
    string? Snippet,
    IReadOnlyList<DeliveryRecord> Deliveries);
