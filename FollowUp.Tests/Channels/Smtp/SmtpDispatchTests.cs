using System.Globalization;
using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Channels.Smtp;

/// <summary>The engine configured for SMTP, as a host configures it, dispatching to a real SMTP server on loopback.</summary>
public sealed class SmtpDispatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private LoopbackSmtpServer server = null!;
    private EngineHarness harness = null!;

    public async Task InitializeAsync()
    {
        server = await LoopbackSmtpServer.StartAsync();
        harness = await EngineHarness.CreateAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["FollowUp:Email:Provider"] = "smtp",
            ["FollowUp:Email:From"] = "Acme Shop <hello@acme.test>",
            ["FollowUp:Smtp:Host"] = "127.0.0.1",
            ["FollowUp:Smtp:Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["FollowUp:Smtp:StartTls"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Dispatch_DueEmailStep_ArrivesAtTheServerAndTheStepIsSentWithItsMessageId()
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Welcome", [new SequenceStep("welcome", TimeSpan.Zero, StepChannel.Email, "Hi {{ contact.firstName }}", "About the {{ data.product }}", "<p>{{ data.product }}</p>")], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var email = TestData.Email();
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(email, null, "Ann", null, null), JsonElement.Parse("""{"product":"kettle"}""")),
            CancellationToken.None)).Enrollment;
        var enrollments = harness.Get<EnrollmentStore>();
        var enrollment = (await enrollments.GetAsync(created.EnrollmentId, CancellationToken.None))!;

        await harness.Get<StepDispatcher>().DispatchAsync(new StepMessage(enrollment.Id, "welcome", enrollment.SequenceVersion).ToJson(), 1, CancellationToken.None);

        var step = (await enrollments.GetAsync(enrollment.Id, CancellationToken.None))!.Steps[0];
        Assert.Equal(StepStatus.Sent, step.Status);
        Assert.Equal($"{enrollment.Id}.welcome@acme.test", step.ProviderMessageId);
        var received = await server.WaitForAsync(step.ProviderMessageId!);
        Assert.Equal([email], received.To);
        Assert.Equal("Hi Ann", received.Message.Subject);
        Assert.Contains("About the kettle", received.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>kettle</p>", received.Message.HtmlBody, StringComparison.Ordinal);
    }
}
