using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace FollowUp.Engine.Storage;

/// <summary>The table and queue clients of one storage account, built from the <c>AzureWebJobsStorage</c> setting, with the names <c>FollowUp:Storage:Prefix</c> puts a prefix on.</summary>
/// <remarks>
/// A connection string is used as is. Without one, the identity-based form the Functions runtime documents is read
/// (<c>AzureWebJobsStorage__accountName</c> or <c>__tableServiceUri</c>/<c>__queueServiceUri</c>, optional
/// <c>__credential=managedidentity</c> and <c>__clientId</c>), so no account key is needed in Azure.
/// </remarks>
public sealed class FollowUpStorage
{
    private readonly TableServiceClient tables;
    private readonly QueueServiceClient queues;

    /// <summary>Creates the clients from configuration; with a <paramref name="counter"/>, every request they send is counted.</summary>
    /// <exception cref="InvalidOperationException">The connection setting names neither a connection string nor an account, or the prefix is not valid.</exception>
    public FollowUpStorage(IConfiguration configuration, StorageRequestCounter? counter = null)
    {
        Prefix = StoragePrefix.Parse(configuration[StoragePrefix.Setting]);
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        counter?.AddTo(tableOptions);
        counter?.AddTo(queueOptions);
        var connectionString = configuration[StorageNames.ConnectionSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            tables = new TableServiceClient(connectionString, tableOptions);
            queues = new QueueServiceClient(connectionString, queueOptions);
            return;
        }

        var section = configuration.GetSection(StorageNames.ConnectionSetting);
        var account = section["accountName"];
        var tableUri = section["tableServiceUri"] ?? (account is null ? null : $"https://{account}.table.core.windows.net");
        var queueUri = section["queueServiceUri"] ?? (account is null ? null : $"https://{account}.queue.core.windows.net");
        if (tableUri is null || queueUri is null)
        {
            throw new InvalidOperationException(
                "Set AzureWebJobsStorage to a connection string, or AzureWebJobsStorage__accountName for a managed identity.");
        }

        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(section["clientId"] is { } clientId
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
        tables = new TableServiceClient(new Uri(tableUri), credential, tableOptions);
        queues = new QueueServiceClient(new Uri(queueUri), credential, queueOptions);
    }

    /// <summary>The <c>FollowUp:Storage:Prefix</c> of every table and queue name; empty when there is none.</summary>
    public string Prefix { get; }

    /// <summary>The client of one of the tables named in <see cref="StorageNames"/>, under its prefixed name.</summary>
    public TableClient Table(string name) => tables.GetTableClient(Prefix + name);

    /// <summary>The queue of due steps.</summary>
    public QueueClient StepQueue => queues.GetQueueClient(StoragePrefix.Queue(Prefix, StorageNames.StepQueue));

    /// <summary>The poison queue of the step queue.</summary>
    public QueueClient StepPoisonQueue => queues.GetQueueClient(StoragePrefix.Queue(Prefix, StorageNames.StepPoisonQueue));

    /// <summary>Creates every table and queue that does not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in StorageNames.AllTables)
        {
            await Table(table).CreateIfNotExistsAsync(cancellationToken);
        }

        await StepQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await StepPoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Answers whether both the table and the queue service respond.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await Table(StorageNames.SequencesTable).QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: cancellationToken)
            .AsPages().FirstAsync(cancellationToken);
        await StepQueue.GetPropertiesAsync(cancellationToken);
    }
}
