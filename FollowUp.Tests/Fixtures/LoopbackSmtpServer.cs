using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using FollowUp.Local.Azurite;
using MimeKit;

namespace FollowUp.Tests.Fixtures;

/// <summary>A real SMTP server (nodemailer's smtp-server, run by <c>SmtpServer/loopback-smtp-server.mjs</c>) on a free loopback port; it records every message it accepts.</summary>
/// <remarks>Starting Node.js takes about half a second, so tests share a server and find their messages by Message-ID.</remarks>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(5);

    private readonly Process process;
    private readonly ConcurrentQueue<ReceivedEmail> received = new();
    private readonly ConcurrentDictionary<string, bool> closedSessions = new();
    private readonly Task reading;

    private LoopbackSmtpServer(Process process, int port)
    {
        this.process = process;
        Port = port;
        reading = ReadMessagesAsync();
    }

    /// <summary>The port the server listens on at 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts a server that accepts every message, or as <paramref name="settings"/> say.</summary>
    /// <exception cref="InvalidOperationException">Node.js or the smtp-server package is missing, or the server did not start.</exception>
    public static async Task<LoopbackSmtpServer> StartAsync(LoopbackSmtpSettings? settings = null)
    {
        var root = AzuritePackage.FindRepositoryRoot();
        await AzuritePackage.EnsureInstalledAsync(root, CancellationToken.None);

        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(root, "FollowUp.Tests", "SmtpServer", "loopback-smtp-server.mjs"), JsonSerializer.Serialize(settings ?? new LoopbackSmtpSettings(), JsonSerializerOptions.Web) },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node; install Node.js.");
        using var timeout = new CancellationTokenSource(StartTimeout);
        var firstLine = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (!int.TryParse(firstLine, out var port))
        {
            process.Kill(entireProcessTree: true);
            var errors = await process.StandardError.ReadToEndAsync(CancellationToken.None);
            process.Dispose();
            throw new InvalidOperationException($"The SMTP server did not start: {firstLine}{errors}");
        }

        return new LoopbackSmtpServer(process, port);
    }

    /// <summary>Every message accepted so far, in order of arrival.</summary>
    public IReadOnlyList<ReceivedEmail> Received => received.ToArray();

    /// <summary>Waits for the message with this Message-ID; the server records it just before it answers the client, so it can lag the send a little.</summary>
    /// <exception cref="TimeoutException">It did not arrive within a few seconds.</exception>
    public async Task<ReceivedEmail> WaitForAsync(string messageId) => (await WaitForCopiesAsync(messageId, 1))[0];

    /// <summary>Waits until <paramref name="copies"/> messages with this Message-ID have arrived, and returns them.</summary>
    /// <exception cref="TimeoutException">They did not arrive within a few seconds.</exception>
    public async Task<ReceivedEmail[]> WaitForCopiesAsync(string messageId, int copies)
    {
        ReceivedEmail[] found = [];
        await WaitUntilAsync(() => (found = [.. received.Where(email => email.Message.MessageId == messageId)]).Length >= copies, $"{copies} messages {messageId}");
        return found;
    }

    /// <summary>Waits until the server has closed the connection <paramref name="session"/>.</summary>
    /// <exception cref="TimeoutException">It stayed open for more than a few seconds.</exception>
    public Task WaitForClosedAsync(string session) => WaitUntilAsync(() => closedSessions.ContainsKey(session), $"the close of {session}");

    private static async Task WaitUntilAsync(Func<bool> condition, string awaited)
    {
        var deadline = DateTimeOffset.UtcNow + ArrivalTimeout;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The SMTP server did not see {awaited} within {ArrivalTimeout}.");
            }

            await Task.Delay(20);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(2)))
        {
            process.Kill(entireProcessTree: true);
        }

        await reading;
        process.Dispose();
    }

    private async Task ReadMessagesAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var parsed = JsonSerializer.Deserialize<ReceivedLine>(line, JsonSerializerOptions.Web)!;
            if (parsed.Closed is { } session)
            {
                closedSessions[session] = true;
                continue;
            }

            using var raw = new MemoryStream(Convert.FromBase64String(parsed.Raw!));
            received.Enqueue(new ReceivedEmail(parsed.Session!, parsed.From, parsed.To ?? [], parsed.User, await MimeMessage.LoadAsync(raw)));
        }
    }

    /// <summary>A line the script prints: a message, or the close of a connection.</summary>
    private sealed record ReceivedLine(string? Closed, string? Session, string? From, string[]? To, string? User, string? Raw);
}

/// <summary>How a <see cref="LoopbackSmtpServer"/> behaves.</summary>
/// <param name="User">When set, AUTH PLAIN or LOGIN with this user and <paramref name="Password"/> is required.</param>
/// <param name="Password">The password that goes with <paramref name="User"/>.</param>
/// <param name="Refusals">Answers to RCPT TO by recipient address: those recipients are refused with this code and text.</param>
/// <param name="IdleTimeoutMs">How long a connection may stay quiet before the server closes it; null for a minute.</param>
public sealed record LoopbackSmtpSettings(string? User = null, string? Password = null, IReadOnlyDictionary<string, SmtpRefusal>? Refusals = null, int? IdleTimeoutMs = null);

/// <summary>An SMTP error answer.</summary>
/// <param name="Code">The reply code, such as 550.</param>
/// <param name="Message">The reply text.</param>
public sealed record SmtpRefusal(int Code, string Message);

/// <summary>A message the server accepted.</summary>
/// <param name="Session">The id of the connection it came over.</param>
/// <param name="From">The envelope sender (MAIL FROM).</param>
/// <param name="To">The envelope recipients (RCPT TO).</param>
/// <param name="User">The user who logged in, or null.</param>
/// <param name="Message">The message as received.</param>
public sealed record ReceivedEmail(string Session, string? From, IReadOnlyList<string> To, string? User, MimeMessage Message);
