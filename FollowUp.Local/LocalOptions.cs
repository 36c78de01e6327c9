namespace FollowUp.Local;

/// <summary>Settings of the local host only, bound from <c>FollowUp:Local</c>.</summary>
public sealed class LocalOptions
{
    public const string Section = "FollowUp:Local";

    /// <summary>Start Azurite when the storage setting is the development storage and nothing answers on its ports.</summary>
    public bool StartAzurite { get; set; } = true;

    /// <summary>Where Azurite keeps its data, relative to the repository root.</summary>
    public string AzuriteLocation { get; set; } = ".azurite";
}
