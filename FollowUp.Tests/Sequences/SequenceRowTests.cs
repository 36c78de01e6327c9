using Azure.Data.Tables;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Sequences;

/// <summary>The <see cref="SequenceRow"/> against version rows as the store wrote them before it had a row class, on Azurite.</summary>
public sealed class SequenceRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task From_ChunkedRowWrittenBefore_ReadsTheVersionAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.SequencesTable);
        var sequence = Sequence(new string('x', 40_000));
        var json = SequenceRow.Serialize(sequence);
        var old = new TableEntity(sequence.Id, "999999996") { ["Definition0"] = json[..30_000], ["Definition1"] = json[30_000..], ["DefinitionChunks"] = 2 };

        var read = SequenceRow.From(await RowRoundTrip.ReadOldAsync<TableEntity>(table, old)).ToSequence();

        Assert.Equal((sequence.Id, 3, "Test"), (read.Id, read.Version, read.Name));
        Assert.Equal(json, SequenceRow.Serialize(read));
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, SequenceRow.From(sequence).ToEntity());
    }

    [Fact]
    public async Task From_WholeRowFromBeforeChunks_ReadsTheVersion()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.SequencesTable);
        var sequence = Sequence("Hello");
        var old = new TableEntity(sequence.Id, "999999996") { ["Definition"] = SequenceRow.Serialize(sequence) };

        var read = SequenceRow.From(await RowRoundTrip.ReadOldAsync<TableEntity>(table, old)).ToSequence();

        Assert.Equal("Hello", Assert.Single(read.Steps).Text);
        Assert.Equal(SequenceRow.Serialize(sequence), SequenceRow.Serialize(read));
    }

    private static Sequence Sequence(string body) => new(
        TestData.Id("seq"), 3, "Test", [new SequenceStep("first", TimeSpan.Zero, StepChannel.Email, "Hi", body, null)], new StopRules(true), DateTimeOffset.UnixEpoch);
}
