namespace FollowUp.Engine.Storage;

/// <summary>What one storage request did, as the request's method and address tell it.</summary>
public enum StorageOperation
{
    /// <summary>Anything not named below, such as reading the service's properties.</summary>
    Other,

    /// <summary>Reads one entity by partition and row key.</summary>
    PointRead,

    /// <summary>Reads a page of a table's entities with a filter (or none).</summary>
    Query,

    /// <summary>Adds an entity that must not exist yet.</summary>
    Insert,

    /// <summary>Replaces or adds an entity, whatever is there (upsert, replace mode).</summary>
    Upsert,

    /// <summary>Merges into or adds an entity, whatever is there (upsert, merge mode).</summary>
    UpsertMerge,

    /// <summary>Replaces an existing entity, with an ETag condition (update, replace mode).</summary>
    Update,

    /// <summary>Merges into an existing entity, with an ETag condition (update, merge mode).</summary>
    UpdateMerge,

    /// <summary>Deletes one entity.</summary>
    Delete,

    /// <summary>One entity-group transaction (<c>$batch</c>), whatever it holds.</summary>
    Batch,

    /// <summary>Creates a table (or finds it exists).</summary>
    CreateTable,

    /// <summary>Deletes a table.</summary>
    DeleteTable,

    /// <summary>Lists or queries the account's tables.</summary>
    ListTables,

    /// <summary>Creates a queue (or finds it exists).</summary>
    CreateQueue,

    /// <summary>Deletes a queue.</summary>
    DeleteQueue,

    /// <summary>Reads a queue's properties and metadata, such as its approximate message count.</summary>
    QueueProperties,

    /// <summary>Sets a queue's metadata.</summary>
    SetQueueMetadata,

    /// <summary>Lists the account's queues.</summary>
    ListQueues,

    /// <summary>Puts one message on a queue.</summary>
    PutMessage,

    /// <summary>Receives up to 32 messages, making them invisible (an empty poll included).</summary>
    ReceiveMessages,

    /// <summary>Peeks at messages without receiving them.</summary>
    PeekMessages,

    /// <summary>Deletes one received message.</summary>
    DeleteMessage,

    /// <summary>Updates a received message's visibility or content.</summary>
    UpdateMessage,

    /// <summary>Deletes every message of a queue.</summary>
    ClearMessages,
}
