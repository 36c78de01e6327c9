using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dispatch;

public sealed class SmsCountryDispatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Dispatch_SmsToACountryNoLongerAllowed_IsSkippedWithReason()
    {
        await using var before = await EngineHarness.CreateAsync(azurite, settings: new Dictionary<string, string?> { ["FollowUp:Sms:AllowedCountries"] = "FR" });
        var sequence = await before.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Text", [new SequenceStep("text", TimeSpan.Zero, StepChannel.Sms, null, "Hi", null)], new StopRules(true), before.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await before.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(null, "+33612345678", "Ann", null, null), JsonElement.Parse("{}")), CancellationToken.None)).Enrollment;
        await using var after = await EngineHarness.CreateAsync(azurite, settings: new Dictionary<string, string?> { ["FollowUp:Sms:AllowedCountries"] = "US" });

        await after.Get<StepDispatcher>().DispatchAsync(new StepMessage(created.EnrollmentId, "text", sequence.Version).ToJson(), 1, CancellationToken.None);

        var stored = (await after.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
        Assert.Equal(StepStatus.Skipped, stored.Steps[0].Status);
        Assert.Equal("The phone number is not in a country of FollowUp:Sms:AllowedCountries.", stored.Steps[0].Detail);
        Assert.Empty(after.Outbox.Files());
    }
}
