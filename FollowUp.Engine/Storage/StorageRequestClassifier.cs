using System.Text;
using System.Web;
using Azure.Core;

namespace FollowUp.Engine.Storage;

/// <summary>Tells what a table or queue request does from its method, address and headers, keeping only the table or queue name.</summary>
/// <remarks>
/// Path-style addresses (an IP address or <c>localhost</c>, as Azurite and the emulator use) carry the account as their
/// first segment, which is skipped. Entity keys, the query string and any signature are read only to classify, and dropped.
/// A <c>$batch</c> names its table only in its body, so the first inner request line of the body is read for it.
/// </remarks>
internal static class StorageRequestClassifier
{
    private const string BatchSegment = "$batch";
    private const string TablesSegment = "Tables";
    private const string MessagesSegment = "messages";

    /// <summary>The kind of <paramref name="request"/>, sent to <paramref name="service"/>.</summary>
    public static StorageRequestKind Classify(StorageService service, Request request)
    {
        var uri = request.Uri.ToUri();
        var segments = Segments(uri);
        var method = request.Method;
        return service == StorageService.Table
            ? ClassifyTable(segments, method, request)
            : ClassifyQueue(segments, method, uri.Query);
    }

    private static StorageRequestKind ClassifyTable(string[] segments, RequestMethod method, Request request)
    {
        if (segments.Length == 0)
        {
            return new(StorageService.Table, "", StorageOperation.Other);
        }

        var first = segments[0];
        if (first == BatchSegment)
        {
            return new(StorageService.Table, BatchTable(request.Content), StorageOperation.Batch);
        }

        if (first == TablesSegment)
        {
            return new(StorageService.Table, "", method == RequestMethod.Post ? StorageOperation.CreateTable : StorageOperation.ListTables);
        }

        if (first.StartsWith(TablesSegment + "(", StringComparison.Ordinal))
        {
            var name = first[(TablesSegment.Length + 1)..].Trim(')', '\'');
            return new(StorageService.Table, name, method == RequestMethod.Delete ? StorageOperation.DeleteTable : StorageOperation.ListTables);
        }

        var open = first.IndexOf('(', StringComparison.Ordinal);
        var table = open < 0 ? first : first[..open];
        var keyed = open >= 0 && first.Contains("PartitionKey=", StringComparison.Ordinal);
        var conditional = request.Headers.Contains(HttpHeader.Names.IfMatch);
        var verb = request.Headers.TryGetValue("X-HTTP-Method", out var overridden) ? RequestMethod.Parse(overridden) : method;
        var operation = verb.Method switch
        {
            "GET" => keyed ? StorageOperation.PointRead : StorageOperation.Query,
            "POST" => StorageOperation.Insert,
            "PUT" => conditional ? StorageOperation.Update : StorageOperation.Upsert,
            "MERGE" or "PATCH" => conditional ? StorageOperation.UpdateMerge : StorageOperation.UpsertMerge,
            "DELETE" => StorageOperation.Delete,
            _ => StorageOperation.Other,
        };
        return new(StorageService.Table, table, operation);
    }

    private static StorageRequestKind ClassifyQueue(string[] segments, RequestMethod method, string query)
    {
        var comp = QueryValue(query, "comp");
        if (segments.Length == 0)
        {
            return new(StorageService.Queue, "", comp == "list" ? StorageOperation.ListQueues : StorageOperation.Other);
        }

        var queue = segments[0];
        var operation = segments.Length switch
        {
            1 when comp == "metadata" => method == RequestMethod.Put ? StorageOperation.SetQueueMetadata : StorageOperation.QueueProperties,
            1 when comp is null && method == RequestMethod.Put => StorageOperation.CreateQueue,
            1 when comp is null && method == RequestMethod.Delete => StorageOperation.DeleteQueue,
            2 when segments[1] == MessagesSegment => method.Method switch
            {
                "POST" => StorageOperation.PutMessage,
                "GET" => string.Equals(QueryValue(query, "peekonly"), "true", StringComparison.OrdinalIgnoreCase)
                    ? StorageOperation.PeekMessages
                    : StorageOperation.ReceiveMessages,
                "DELETE" => StorageOperation.ClearMessages,
                _ => StorageOperation.Other,
            },
            3 when segments[1] == MessagesSegment => method.Method switch
            {
                "DELETE" => StorageOperation.DeleteMessage,
                "PUT" => StorageOperation.UpdateMessage,
                _ => StorageOperation.Other,
            },
            _ => StorageOperation.Other,
        };
        return new(StorageService.Queue, queue, operation);
    }

    /// <summary>The path's segments after the account, unescaped.</summary>
    private static string[] Segments(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var pathStyle = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        return pathStyle && segments.Length > 0 ? segments[1..] : segments;
    }

    private static string? QueryValue(string query, string name) => HttpUtility.ParseQueryString(query)[name];

    /// <summary>The table that the first request inside a batch body names; empty when the body cannot be read.</summary>
    private static string BatchTable(RequestContent? content)
    {
        if (content is null)
        {
            return "";
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        using var reader = new StreamReader(new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (!line.EndsWith(" HTTP/1.1", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(' ');
            if (parts.Length == 3 && Uri.TryCreate(parts[1], UriKind.Absolute, out var inner) && Segments(inner) is [var first, ..])
            {
                var open = first.IndexOf('(', StringComparison.Ordinal);
                return open < 0 ? first : first[..open];
            }
        }

        return "";
    }
}
