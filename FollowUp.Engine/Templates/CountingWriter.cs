using System.Text;

namespace FollowUp.Engine.Templates;

/// <summary>Hands every character written to <paramref name="count"/> before passing it to <paramref name="inner"/>, so a limit stops the text before it grows.</summary>
public sealed class CountingWriter(TextWriter inner, Action<int> count) : TextWriter
{
    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        count(1);
        inner.Write(value);
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        count(value?.Length ?? 0);
        inner.Write(value);
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int length)
    {
        count(length);
        inner.Write(buffer, index, length);
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<char> buffer)
    {
        count(buffer.Length);
        inner.Write(buffer);
    }

    /// <inheritdoc />
    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }
}
