using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FollowUp.Tests.Fixtures;

/// <summary>Keeps every log entry at every level, with its message, structured values, scopes and exception, for tests that check what is logged.</summary>
public sealed class CapturedLogs : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    /// <summary>Every entry so far, in order; a scope is an entry of level None.</summary>
    public IReadOnlyList<CapturedLog> Entries => [.. entries];

    /// <summary>All entries as one text, for searching.</summary>
    public string Text => string.Join('\n', entries.Select(entry => entry.Text));

    /// <summary>A typed logger that writes here, for a class built without dependency injection.</summary>
    public ILogger<T> For<T>() => new Logger<T>(new LoggerFactory([this]));

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable BeginScope<TState>(TState state) where TState : notnull
    {
        entries.Enqueue(new CapturedLog(LogLevel.None, $"scope {Values(state)}"));
        return NoScope.Instance;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue(new CapturedLog(logLevel, $"{formatter(state, exception)} {Values(state)} {exception}"));

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

/// <summary>One entry of <see cref="CapturedLogs"/>.</summary>
/// <param name="Level">The entry's level.</param>
/// <param name="Text">The formatted message, its structured values and its exception.</param>
public sealed record CapturedLog(LogLevel Level, string Text);
