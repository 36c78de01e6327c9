namespace FollowUp.Benchmarks.Reporting;

/// <summary>A plain text table: the first column left-aligned, the others right-aligned, as figures read best.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    /// <summary>Adds a row; it must have one cell per header.</summary>
    /// <exception cref="ArgumentException">The row has another number of cells.</exception>
    public TextTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row needs {headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        rows.Add(cells);
        return this;
    }

    /// <summary>Writes the header, a rule and the rows.</summary>
    public void WriteTo(TextWriter output)
    {
        var widths = headers.Select((header, i) => rows.Select(row => row[i].Length).Append(header.Length).Max()).ToArray();
        output.WriteLine(Format(headers, widths));
        output.WriteLine(string.Join("-+-", widths.Select(width => new string('-', width))));
        foreach (var row in rows)
        {
            output.WriteLine(Format(row, widths));
        }
    }

    private static string Format(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])));
}
