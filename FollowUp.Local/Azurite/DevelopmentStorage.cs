using System.Net.Sockets;

namespace FollowUp.Local.Azurite;

/// <summary>Facts of the storage emulator's well-known development account.</summary>
public static class DevelopmentStorage
{
    /// <summary>The shortcut connection string for the emulator on its default ports.</summary>
    public const string Shortcut = "UseDevelopmentStorage=true";

    /// <summary>The default blob, queue and table ports.</summary>
    public static readonly (int Blob, int Queue, int Table) DefaultPorts = (10000, 10001, 10002);

    private const string Account = "devstoreaccount1";

    // The emulator's published, fixed account key: not a secret.
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A connection string to the emulator on the given ports.</summary>
    public static string ConnectionString(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";

    /// <summary>Whether the connection setting points at the emulator on its default ports.</summary>
    public static bool IsShortcut(string? connectionString) =>
        connectionString is not null && connectionString.Replace(" ", "", StringComparison.Ordinal).Equals(Shortcut, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether something accepts connections on the port of 127.0.0.1.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
