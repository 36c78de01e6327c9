using System.Diagnostics;
using System.Globalization;

namespace FollowUp.Benchmarks.Reporting;

/// <summary>Writes progress lines prefixed with the time since the run started, and the result tables.</summary>
internal sealed class ProgressLog(TextWriter output)
{
    private readonly long started = Stopwatch.GetTimestamp();

    /// <summary>Writes one progress line.</summary>
    public void Line(FormattableString message) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{Stopwatch.GetElapsedTime(started):hh\\:mm\\:ss}] ") + message.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes a table after a blank line, with its title and, below it, notes that explain its columns.</summary>
    public void Table(string title, TextTable table, params string[] notes)
    {
        output.WriteLine();
        output.WriteLine(title);
        table.WriteTo(output);
        foreach (var note in notes)
        {
            output.WriteLine("  " + note);
        }

        output.WriteLine();
    }
}
