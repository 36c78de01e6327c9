using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Replies;

public sealed class ReplyEndpointsTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private async Task<EnrollmentCreated> EnrollAsync(string sequenceId, string email)
    {
        var response = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await LocalAppFixture.ReadAsync<EnrollmentCreated>(response);
    }

    private async Task<string> SequenceAsync()
    {
        var id = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Replies", true, SequenceJson.Email("later", "P1D")))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<EnrollmentStatus> StatusAsync(string enrollmentId) =>
        (await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"))).Status;

    [Fact]
    public async Task Post_MadeUpEnrollmentIdOfARealContact_Returns404AndHaltsNothing()
    {
        var created = await EnrollAsync(await SequenceAsync(), TestData.Email());
        EnrollmentId.TryGetContactId(created.EnrollmentId, out var contactId);

        var response = await local.Http.PostAsJsonAsync("/api/replies", new { enrollmentId = $"{contactId}-0000000000" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("enrollmentId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(EnrollmentStatus.Active, await StatusAsync(created.EnrollmentId));
    }

    [Fact]
    public async Task Post_EnrollmentIdOfOneOfTwoEnrollments_HaltsExactlyThatOne()
    {
        var email = TestData.Email();
        var first = await EnrollAsync(await SequenceAsync(), email);
        var second = await EnrollAsync(await SequenceAsync(), email);

        var response = await local.Http.PostAsJsonAsync("/api/replies", new { enrollmentId = second.EnrollmentId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([second.EnrollmentId], answer.RootElement.GetProperty("halted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(EnrollmentStatus.Halted, await StatusAsync(second.EnrollmentId));
        Assert.Equal(EnrollmentStatus.Active, await StatusAsync(first.EnrollmentId));
    }
}
