using System.Text.Json;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Enrollments;

/// <summary>What <see cref="EnrollmentService"/> and <see cref="IdempotentEnrollments"/> return, without HTTP, through the engine on Azurite.</summary>
public sealed class EnrollmentServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private EngineHarness harness = null!;

    private EnrollmentService Service => harness.Get<EnrollmentService>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private async Task<string> SequenceAsync(ReenrollPolicy reenroll = ReenrollPolicy.AfterCompletion)
    {
        var step = new SequenceStep("hello", TimeSpan.FromDays(1), StepChannel.Email, "Hi", "Hello", null);
        var sequence = new Sequence(TestData.Id("seq"), 0, "Test", [step], new StopRules(true), harness.Clock.GetUtcNow(), reenroll);
        return (await harness.Get<SequenceStore>().SaveAsync(sequence, None)).Id;
    }

    private static EnrollmentRequest Request(string? sequenceId, string? email, string data = "{}") =>
        new(sequenceId, new ContactRequest(email, null, "Ann", null, null), JsonElement.Parse(data));

    [Fact]
    public async Task EnrollAsync_ValidRequest_IsCreatedWithTheFirstStepStored()
    {
        var sequenceId = await SequenceAsync();

        var created = Assert.IsType<EnrollmentResult.Created>(await Service.EnrollAsync(Request(sequenceId, TestData.Email()), None)).Enrollment;

        Assert.Equal(sequenceId, created.SequenceId);
        Assert.Equal(EnrollmentStatus.Active, created.Status);
        Assert.Equal("hello", created.NextStep);
        Assert.Equal(created.EnrollmentId, (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, None))?.Id);
    }

    [Fact]
    public async Task EnrollAsync_ContactAlreadyActive_IsAlreadyEnrolledNamingTheFirstEnrollment()
    {
        var sequenceId = await SequenceAsync();
        var email = TestData.Email();
        var first = Assert.IsType<EnrollmentResult.Created>(await Service.EnrollAsync(Request(sequenceId, email), None)).Enrollment;

        var again = await Service.EnrollAsync(Request(sequenceId, email), None);

        var refused = Assert.IsType<EnrollmentResult.AlreadyEnrolled>(again);
        Assert.Equal(first.EnrollmentId, refused.EnrollmentId);
        Assert.Equal(sequenceId, refused.SequenceId);
        Assert.False(refused.NeverReenrolls);
        Assert.Contains(first.EnrollmentId, refused.Detail, StringComparison.Ordinal);
        Assert.Single(await harness.Get<EnrollmentStore>().ListAsync(EnrollmentIdContact(first.EnrollmentId), None));
    }

    [Fact]
    public async Task EnrollAsync_UnknownSequence_IsSequenceNotFoundAndStoresNoContact()
    {
        var email = TestData.Email();
        var sequenceId = TestData.Id("missing");

        var result = await Service.EnrollAsync(Request(sequenceId, email), None);

        Assert.Equal(sequenceId, Assert.IsType<EnrollmentResult.SequenceNotFound>(result).SequenceId);
        Assert.Null(await harness.Get<ContactStore>().FindIdAsync(email, null, None));
    }

    [Theory]
    [InlineData(true, "not-an-address", "{}", "contact.email")]
    [InlineData(false, null, "{}", "sequenceId")]
    [InlineData(true, null, "[1, 2]", "data")]
    public async Task EnrollAsync_InvalidField_IsInvalidNamingTheFieldAndStoresNoContact(bool withSequence, string? badEmail, string data, string field)
    {
        var email = badEmail ?? TestData.Email();

        var result = await Service.EnrollAsync(Request(withSequence ? await SequenceAsync() : null, email, data), None);

        Assert.Contains(field, Assert.IsType<EnrollmentResult.Invalid>(result).Errors.ToDictionary().Keys);
        Assert.Null(await harness.Get<ContactStore>().FindIdAsync(email, null, None));
    }

    [Fact]
    public async Task EnrollOnceAsync_SameRequestAndKeyTwice_IsCreatedTwiceWithOneEnrollment()
    {
        var request = Request(await SequenceAsync(), TestData.Email());
        var key = TestData.Id("key");
        var enrollments = harness.Get<IdempotentEnrollments>();

        var first = Assert.IsType<EnrollmentResult.Created>(await enrollments.EnrollOnceAsync(request, key, None)).Enrollment;
        var repeat = Assert.IsType<EnrollmentResult.Created>(await enrollments.EnrollOnceAsync(request, key, None)).Enrollment;

        Assert.Equal(first, repeat);
        Assert.Single(await harness.Get<EnrollmentStore>().ListAsync(EnrollmentIdContact(first.EnrollmentId), None));
    }

    [Fact]
    public async Task EnrollOnceAsync_KeyUsedForAnotherRequest_IsKeyReused()
    {
        var sequenceId = await SequenceAsync();
        var key = TestData.Id("key");
        var enrollments = harness.Get<IdempotentEnrollments>();
        Assert.IsType<EnrollmentResult.Created>(await enrollments.EnrollOnceAsync(Request(sequenceId, TestData.Email()), key, None));

        var other = await enrollments.EnrollOnceAsync(Request(sequenceId, TestData.Email()), key, None);

        Assert.IsType<EnrollmentResult.KeyReused>(other);
    }

    [Fact]
    public async Task EnrollOnceAsync_RefusedRequest_IsTheRefusalAndFreesTheKey()
    {
        var sequenceId = await SequenceAsync(ReenrollPolicy.Never);
        var email = TestData.Email();
        var first = Assert.IsType<EnrollmentResult.Created>(await Service.EnrollAsync(Request(sequenceId, email), None)).Enrollment;
        var key = TestData.Id("key");

        var refused = await harness.Get<IdempotentEnrollments>().EnrollOnceAsync(Request(sequenceId, email), key, None);

        var enrolled = Assert.IsType<EnrollmentResult.AlreadyEnrolled>(refused);
        Assert.Equal(first.EnrollmentId, enrolled.EnrollmentId);
        Assert.True(enrolled.NeverReenrolls);
        Assert.Null(await harness.Get<IdempotencyStore>().FindAsync("enrollments", key, None));
    }

    private static string EnrollmentIdContact(string enrollmentId) =>
        EnrollmentId.TryGetContactId(enrollmentId, out var contactId) ? contactId : throw new ArgumentException("Not an enrollment id.", nameof(enrollmentId));
}
