using FollowUp.Engine.Reports;

namespace FollowUp.Tests.Reports;

public sealed class VariantComparisonTests
{
    [Fact]
    public void Compare_ClearlyHigherRate_IsSignificantWithTheKnownPValue()
    {
        var result = VariantComparison.Compare("A", 20, 100, "B", 40, 100);

        Assert.Equal(0.2, result.Difference, 9);
        Assert.Equal(0.00203, result.PValue!.Value, 4);
        Assert.True(result.Significant);
        Assert.True(result.Low > 0 && result.High > result.Difference);
        Assert.Equal("B is ahead of A, significant at 95% (p = 0.002).", result.Verdict);
    }

    [Fact]
    public void Compare_SmallDifference_IsAheadButNotYetSignificant()
    {
        var result = VariantComparison.Compare("A", 12, 100, "B", 10, 100);

        Assert.False(result.Significant);
        Assert.True(result.Low < 0 && result.High > 0);
        Assert.StartsWith("A is ahead of B, not yet significant", result.Verdict, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 3, 10, "A has no sends yet; nothing to compare.")]
    [InlineData(3, 10, 0, 0, "B has no sends yet; nothing to compare.")]
    [InlineData(5, 10, 5, 10, "No difference so far.")]
    public void Compare_NothingToTell_SaysSo(long successesA, long trialsA, long successesB, long trialsB, string verdict)
    {
        var result = VariantComparison.Compare("A", successesA, trialsA, "B", successesB, trialsB);

        Assert.Equal(verdict, result.Verdict);
        Assert.False(result.Significant);
    }

    [Fact]
    public void Compare_MoreSuccessesThanTrials_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VariantComparison.Compare("A", 11, 10, "B", 1, 10));
}
