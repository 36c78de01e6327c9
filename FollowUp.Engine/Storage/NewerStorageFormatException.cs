namespace FollowUp.Engine.Storage;

/// <summary>A stored document carries a format version newer than <see cref="StorageJson.Version"/>: a newer FollowUp wrote it, and this one must neither read nor overwrite it.</summary>
public sealed class NewerStorageFormatException(string document, int version)
    : Exception($"A stored {document} has format version {version}; this FollowUp reads up to version {StorageJson.Version}. A newer FollowUp wrote it.")
{
    /// <summary>The kind of document, such as <c>StepMessage</c>.</summary>
    public string Document { get; } = document;

    /// <summary>The version the document carries.</summary>
    public int Version { get; } = version;
}
