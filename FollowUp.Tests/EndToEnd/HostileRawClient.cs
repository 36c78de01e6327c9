using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace FollowUp.Tests.EndToEnd;

/// <summary>Sends hand-framed HTTP/1.1 requests over a loopback socket, for framing that HttpClient refuses to send.</summary>
internal static class HostileRawClient
{
    /// <summary>The status code and content type of the answer to one request.</summary>
    public sealed record Answer(int StatusCode, string? ContentType);

    /// <summary>Sends <paramref name="head"/> (request line and headers, without the blank line) and <paramref name="body"/> as given, and reads the answer's head.</summary>
    /// <remarks>The sending side stays open: Kestrel takes a client's half-close for an aborted request and answers nothing.</remarks>
    public static async Task<Answer> SendAsync(Uri server, string head, byte[] body)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{head}\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"), timeout.Token);
        await stream.WriteAsync(body, timeout.Token);

        var received = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var text = received.ToString();
        var lines = text[..Math.Max(0, text.IndexOf("\r\n\r\n", StringComparison.Ordinal))].Split("\r\n");
        Assert.True(lines[0].StartsWith("HTTP/1.1 ", StringComparison.Ordinal), $"No HTTP answer: {text}");
        var contentType = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim();
        return new Answer(int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture), contentType);
    }
}
