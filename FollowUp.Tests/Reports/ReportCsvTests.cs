using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;

namespace FollowUp.Tests.Reports;

public sealed class ReportCsvTests
{
    private static readonly Sequence Definition = new("welcome", 2, "Welcome", [new SequenceStep("first", TimeSpan.Zero, StepChannel.Email, "Hi", "Text", null)], new StopRules(true), DateTimeOffset.UnixEpoch);

    private static StepCounts Counts(string step, string variant, params (string Column, long Value)[] values)
    {
        var counts = new StepCounts { StepId = step, Variant = variant };
        foreach (var (column, value) in values)
        {
            counts.Add(column, value);
        }

        return counts;
    }

    [Fact]
    public void Write_StepWithFigures_HasAnEnrollmentsRowAndAStepRowWithRates()
    {
        var report = ReportEndpoints.Build(Definition, [
            Counts(ReportMetric.SequenceStep, "", (ReportMetric.Enrolled, 10), (ReportMetric.Halted, 3)),
            Counts("first", "", (ReportMetric.Sent, 8), (ReportMetric.Replied, 2), (ReportMetric.Skipped, 2), (ReportMetric.SkippedColumn("optedOut"), 2)),
        ], "UTC", null, null);

        var lines = ReportCsv.Write(report).TrimEnd().Split("\r\n");

        Assert.Equal(3, lines.Length);
        var header = lines[0].Split(',');
        var enrollments = lines[1].Split(',');
        var step = lines[2].Split(',');
        Assert.Equal("10", enrollments[Array.IndexOf(header, "enrolled")]);
        Assert.Equal("7", enrollments[Array.IndexOf(header, "active")]);
        Assert.Equal("first", step[Array.IndexOf(header, "step")]);
        Assert.Equal("8", step[Array.IndexOf(header, "sent")]);
        Assert.Equal("2", step[Array.IndexOf(header, "skipped_optedOut")]);
        Assert.Equal("0.25", step[Array.IndexOf(header, "replyRate")]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1")]
    [InlineData("-2")]
    [InlineData("@SUM(A1)")]
    public void Write_CellStartingWithAFormulaCharacter_IsEscaped(string variant)
    {
        var report = ReportEndpoints.Build(Definition, [Counts("first", variant, (ReportMetric.Sent, 1)), Counts("first", "b", (ReportMetric.Sent, 1))], "UTC", null, null);

        var csv = ReportCsv.Write(report);

        var cells = csv.Split(["\r\n", ","], StringSplitOptions.None).Select(c => c.TrimStart('"'));
        Assert.DoesNotContain(cells, c => c.Length > 0 && "=+-@".Contains(c[0], StringComparison.Ordinal));
        Assert.Equal(5, csv.TrimEnd().Split("\r\n").Length);
    }

    [Fact]
    public void Write_CellWithCommaAndQuote_IsQuoted()
    {
        var report = ReportEndpoints.Build(Definition, [Counts("first", "say \"hi\", now", (ReportMetric.Sent, 1)), Counts("first", "b", (ReportMetric.Sent, 1))], "UTC", null, null);

        Assert.Contains("\"say \"\"hi\"\", now\"", ReportCsv.Write(report), StringComparison.Ordinal);
    }
}
