namespace FollowUp.Engine.Storage;

/// <summary>The storage service a request went to.</summary>
public enum StorageService
{
    /// <summary>Table storage.</summary>
    Table,

    /// <summary>Queue storage.</summary>
    Queue,
}
