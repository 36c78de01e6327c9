using System.Text.Json;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Sources;

/// <summary>What <see cref="SourceActionRunner"/> returns for an accepted delivery, without HTTP, through the engine on Azurite.</summary>
public sealed class SourceActionRunnerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private EngineHarness harness = null!;

    private SourceActionRunner Runner => harness.Get<SourceActionRunner>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private async Task<string> SequenceAsync()
    {
        var step = new SequenceStep("hello", TimeSpan.FromDays(1), StepChannel.Email, "Hi", "Hello", null);
        return (await harness.Get<SequenceStore>().SaveAsync(new Sequence(TestData.Id("seq"), 0, "Test", [step], new StopRules(true), harness.Clock.GetUtcNow()), None)).Id;
    }

    private static Source Enrolling(string sequenceId) =>
        new(TestData.Id("shop"), SourceKind.Shopify, "FollowUp:Sources:Secrets:shop", new Dictionary<string, SourceAction> { ["orders/create"] = new(sequenceId, null) }, null, DateTimeOffset.UnixEpoch);

    private static ReceivedDelivery.Accepted Delivery(string email, string data = "{}") =>
        new(null, "orders/create", new ContactRequest(email, null, "Ann", null, null), JsonElement.Parse(data), null);

    [Fact]
    public async Task RunAsync_ContactAlreadyEnrolled_IsActedNamingTheFirstEnrollment()
    {
        var source = Enrolling(await SequenceAsync());
        var email = TestData.Email();
        var first = Assert.IsType<SourceActionResult.Acted>(await Runner.RunAsync(source, Delivery(email), None)).Outcome;

        var again = await Runner.RunAsync(source, Delivery(email), None);

        Assert.NotNull(first.EnrollmentId);
        Assert.Equal(first.EnrollmentId, Assert.IsType<SourceActionResult.Acted>(again).Outcome.EnrollmentId);
    }

    [Fact]
    public async Task RunAsync_SequenceGone_IsNotEnrolledWithSequenceNotFound()
    {
        var sequenceId = TestData.Id("gone");

        var result = await Runner.RunAsync(Enrolling(sequenceId), Delivery(TestData.Email()), None);

        var refusal = Assert.IsType<SourceActionResult.NotEnrolled>(result).Refusal;
        Assert.Equal(sequenceId, Assert.IsType<EnrollmentResult.SequenceNotFound>(refusal).SequenceId);
    }

    [Fact]
    public async Task RunAsync_DataNotAnObject_IsInvalidNamingData()
    {
        var result = await Runner.RunAsync(Enrolling(await SequenceAsync()), Delivery(TestData.Email(), "[1]"), None);

        Assert.Contains("data", Assert.IsType<SourceActionResult.Invalid>(result).Errors.ToDictionary().Keys);
    }
}
