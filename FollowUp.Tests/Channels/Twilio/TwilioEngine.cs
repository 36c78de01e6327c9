using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Channels.Twilio;

/// <summary>The engine on Azurite with <c>FollowUp:Sms:Provider=twilio</c> pointed at a <see cref="FakeTwilio"/>.</summary>
public sealed class TwilioEngine : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://followup.example.com/hooks";

    private TwilioEngine(EngineHarness harness, FakeTwilio twilio)
    {
        Harness = harness;
        Twilio = twilio;
    }

    public EngineHarness Harness { get; }

    public FakeTwilio Twilio { get; }

    public StepDispatcher Dispatcher => Harness.Get<StepDispatcher>();

    public static async Task<TwilioEngine> CreateAsync(AzuriteFixture azurite)
    {
        EngineHarness? harness = null;
        var twilio = await FakeTwilio.StartAsync(() => harness!.Clock.GetUtcNow());
        harness = await EngineHarness.CreateAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["FollowUp:PublicBaseUrl"] = PublicBaseUrl,
            ["FollowUp:Sms:Provider"] = "twilio",
            ["FollowUp:Sms:RateLimits:0:Count"] = "1000",
            ["FollowUp:Sms:RateLimits:0:Window"] = "00:00:01",
            ["FollowUp:Twilio:AccountSid"] = FakeTwilio.AccountSid,
            ["FollowUp:Twilio:AuthToken"] = FakeTwilio.AuthToken,
            ["FollowUp:Twilio:From"] = FakeTwilio.From,
            ["FollowUp:Twilio:BaseUrl"] = twilio.BaseUrl.ToString(),
        });
        return new TwilioEngine(harness, twilio);
    }

    /// <summary>Enrolls a new contact with <paramref name="phone"/> in a sequence of SMS steps, each due at once, and empties the queue.</summary>
    public async Task<Enrollment> EnrollAsync(string phone, params string[] stepIds)
    {
        var steps = stepIds.Select(id => new SequenceStep(id, TimeSpan.Zero, StepChannel.Sms, null, "Hi {{ contact.firstName }}, step " + id, null)).ToList();
        var sequence = await Harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Texts", steps, new StopRules(true), Harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await Harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(null, phone, "Ann", null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        await Harness.Storage.StepQueue.ClearMessagesAsync();
        return (await ReadAsync(created.EnrollmentId))!;
    }

    /// <summary>The queue message of step <paramref name="index"/>.</summary>
    public static string Message(Enrollment enrollment, int index = 0) =>
        new StepMessage(enrollment.Id, enrollment.Steps[index].Id, enrollment.SequenceVersion).ToJson();

    public Task<Enrollment?> ReadAsync(string enrollmentId) => Harness.Get<EnrollmentStore>().GetAsync(enrollmentId, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Twilio.DisposeAsync();
    }
}
