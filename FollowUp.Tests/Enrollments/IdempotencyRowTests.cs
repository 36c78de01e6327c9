using Azure.Data.Tables;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Enrollments;

/// <summary>The <see cref="IdempotencyRow"/> against rows as <see cref="IdempotencyStore"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class IdempotencyRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(201, """{"enrollmentId":"e"}""")]
    [InlineData(null, null)]
    public async Task ToRecord_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns(int? statusCode, string? body)
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.IdempotencyTable);
        var key = Guid.NewGuid().ToString();
        var old = new TableEntity(IdempotencyRow.PartitionKeyOf("enroll", key), "") { ["RequestHash"] = "abc", ["EnrollmentId"] = "c1_e1", ["StatusCode"] = statusCode, ["Body"] = body };

        var read = (await RowRoundTrip.ReadOldAsync<IdempotencyRow>(table, old)).ToRecord();

        Assert.Equal(new IdempotencyRecord("abc", "c1_e1", statusCode, body), read);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, IdempotencyRow.From("enroll", key, read));
    }
}
