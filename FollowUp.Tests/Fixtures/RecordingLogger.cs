using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FollowUp.Tests.Fixtures;

/// <summary>A logger that keeps every entry as text (the formatted message, then the exception), for tests that check what is logged.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> entries = new();

    /// <summary>Every entry so far, in order.</summary>
    public IReadOnlyList<(LogLevel Level, string Text)> Entries => entries.ToArray();

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue((logLevel, $"{formatter(state, exception)} {exception}"));
}
