namespace FollowUp.Engine.Dashboard.Sources;

/// <summary>One source as the list shows it.</summary>
/// <param name="Id">The source's id, also its name.</param>
/// <param name="Kind">What kind of sender it is.</param>
/// <param name="Does">What its deliveries do, in words.</param>
/// <param name="SecretSet">Whether its secret setting holds a value; null for forms, which have none.</param>
/// <param name="UpdatedUtc">When it was last saved.</param>
public sealed record SourceRow(string Id, SourceSetup Kind, string Does, bool? SecretSet, DateTimeOffset UpdatedUtc);
