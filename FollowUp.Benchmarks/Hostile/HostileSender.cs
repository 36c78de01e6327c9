using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace FollowUp.Benchmarks.Hostile;

/// <summary>Sends hostile requests to the host and records how each was answered; a request with no answer is recorded, not thrown.</summary>
internal sealed class HostileSender(Uri address) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient http = new() { BaseAddress = address, Timeout = Timeout };

    /// <summary>Sends <paramref name="request"/> and reads the whole answer.</summary>
    public async Task<HostileAnswer> SendAsync(HostileRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return request.RawHead is null ? await SendHttpAsync(request, cancellationToken) : await SendRawAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new HostileAnswer(request, 0, null, 0, exception.GetType().Name + ": " + exception.Message);
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<HostileAnswer> SendHttpAsync(HostileRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        if (request.Key is not null)
        {
            message.Headers.TryAddWithoutValidation("x-functions-key", request.Key);
        }

        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new HostileAnswer(request, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body.Length);
    }

    /// <summary>Sends the hand-framed head and body; the sending side stays open, as Kestrel takes a half-close for an aborted request.</summary>
    private async Task<HostileAnswer> SendRawAsync(HostileRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{request.RawHead}\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"), timeout.Token);
        await stream.WriteAsync(request.Body ?? [], timeout.Token);

        using var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // Kestrel resets a connection whose request body it could not drain once it has answered; the answer counts.
        }

        var text = Encoding.ASCII.GetString(received.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return new HostileAnswer(request, 0, null, 0, $"no HTTP answer ({text.Length} bytes)");
        }

        var lines = text[..end].Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return new HostileAnswer(request, 0, null, 0, $"not an HTTP status line: {lines[0]}");
        }

        var contentType = Header(lines, "Content-Type");
        var mediaType = contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType : contentType;
        return new HostileAnswer(request, status, mediaType, received.Length - end - 4);
    }

    private static string? Header(string[] lines, string name) =>
        lines.Skip(1).FirstOrDefault(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();
}
