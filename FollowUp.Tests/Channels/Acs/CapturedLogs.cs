using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>Keeps every log entry, at every level, with its message, its structured values, its scopes and its exception.</summary>
public sealed class CapturedLogs : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<string> entries = new();

    /// <summary>Every entry so far, as text.</summary>
    public IReadOnlyList<string> Entries => [.. entries];

    /// <summary>All entries as one text, for searching.</summary>
    public string Text => string.Join('\n', entries);

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable BeginScope<TState>(TState state) where TState : notnull
    {
        entries.Enqueue($"scope {Values(state)}");
        return NoScope.Instance;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue($"{logLevel} {formatter(state, exception)} {Values(state)} {exception}");

    public void Dispose()
    {
    }

    private static string Values(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
        ? string.Join(' ', values.Select(value => $"{value.Key}={value.Value}"))
        : $"{state}";

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
