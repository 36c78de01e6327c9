namespace FollowUp.Engine.Reports;

/// <summary>A two-proportion z-test of one variant's rate against another's, with a 95% confidence interval of the difference and a verdict in plain words.</summary>
/// <param name="Baseline">The variant compared against (the first one).</param>
/// <param name="Challenger">The variant compared.</param>
/// <param name="Difference">The challenger's rate minus the baseline's.</param>
/// <param name="Low">The lower end of the 95% confidence interval of the difference.</param>
/// <param name="High">The upper end of the 95% confidence interval of the difference.</param>
/// <param name="PValue">The two-sided p-value of "the rates are equal", from the pooled z statistic; null when either has no sends.</param>
/// <param name="Significant">Whether the p-value is below 0.05.</param>
/// <param name="Verdict">What it means, in plain words.</param>
public sealed record VariantComparison(string Baseline, string Challenger, double Difference, double Low, double High, double? PValue, bool Significant, string Verdict)
{
    /// <summary>The z value of a two-sided 95% interval.</summary>
    private const double Z95 = 1.959963984540054;

    /// <summary>Compares the challenger's <paramref name="successesB"/> of <paramref name="trialsB"/> with the baseline's <paramref name="successesA"/> of <paramref name="trialsA"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or more successes than trials.</exception>
    public static VariantComparison Compare(string baseline, long successesA, long trialsA, string challenger, long successesB, long trialsB)
    {
        if (successesA < 0 || successesB < 0 || successesA > trialsA || successesB > trialsB)
        {
            throw new ArgumentOutOfRangeException(nameof(successesA), "Successes must be between zero and the trials.");
        }

        if (trialsA == 0 || trialsB == 0)
        {
            var missing = trialsA == 0 ? baseline : challenger;
            return new VariantComparison(baseline, challenger, 0, 0, 0, null, false, $"{missing} has no sends yet; nothing to compare.");
        }

        double pA = (double)successesA / trialsA, pB = (double)successesB / trialsB;
        var difference = pB - pA;
        var margin = Z95 * Math.Sqrt(pA * (1 - pA) / trialsA + pB * (1 - pB) / trialsB);
        var pooled = (double)(successesA + successesB) / (trialsA + trialsB);
        var spread = Math.Sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        var pValue = spread == 0 ? 1.0 : 2 * (1 - NormalCdf(Math.Abs(difference) / spread));
        var significant = pValue < 0.05;
        var (leader, trailer) = difference > 0 ? (challenger, baseline) : (baseline, challenger);
        var verdict = difference == 0
            ? "No difference so far."
            : significant
                ? $"{leader} is ahead of {trailer}, significant at 95% (p = {pValue:0.###})."
                : $"{leader} is ahead of {trailer}, not yet significant (p = {pValue:0.###}).";
        return new VariantComparison(baseline, challenger, difference, difference - margin, difference + margin, pValue, significant, verdict);
    }

    /// <summary>The standard normal distribution function, from the complementary error function (Numerical Recipes' erfc approximation, error below 1.2e-7).</summary>
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.5 * x);
        var erfc = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851973 + t * (-0.82215223 + t * 0.17087277)))))))));
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}
