using Azure.Data.Tables;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Failures;

/// <summary>The <see cref="FailedStepRow"/> against rows as <see cref="FailedStepStore"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class FailedStepRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task ToFailedStep_IndexRowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.FailedStepsTable);
        var old = new TableEntity("dead", TestData.Id("key_"))
        {
            ["EnrollmentId"] = "c1_e1", ["StepId"] = "first", ["FailedUtc"] = At, ["DequeueCount"] = 5L, ["Reason"] = "Provider refused", ["Kind"] = "Failed", ["AtKey"] = "at_1_c1_e1_first",
        };

        var row = await RowRoundTrip.ReadOldAsync<FailedStepRow>(table, old);

        Assert.Equal(new FailedStep("c1_e1", "first", At, 5, "Provider refused", FailureKind.Failed), row.ToFailedStep());
        Assert.Equal("at_1_c1_e1_first", row.AtKey);
        var written = FailedStepRow.From(row.ToFailedStep(), old.RowKey);
        written.AtKey = row.AtKey;
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, written);
    }

    [Fact]
    public async Task ToFailedStep_EntryRowFromBeforeKinds_ReadsADeadLetter()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.FailedStepsTable);
        var old = new TableEntity("dead", TestData.Id("at_")) { ["EnrollmentId"] = "c1_e1", ["StepId"] = "first", ["FailedUtc"] = At, ["DequeueCount"] = 5L, ["Reason"] = "Poisoned" };

        var row = await RowRoundTrip.ReadOldAsync<FailedStepRow>(table, old);

        Assert.Equal(new FailedStep("c1_e1", "first", At, 5, "Poisoned", FailureKind.DeadLettered), row.ToFailedStep());
        Assert.Null(row.AtKey);
    }
}
