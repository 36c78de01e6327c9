using System.Text.Json;
using FollowUp.Engine;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Signing;
using FollowUp.Engine.Unsubscribe;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FollowUp.Tests.Unsubscribe;

/// <summary>The unsubscribe link of emails, as the outbox writes them: headers, footers and <c>{{ unsubscribe_url }}</c>.</summary>
public sealed class UnsubscribeLinkTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string PublicBaseUrl = PublicLocalAppFixture.PublicBaseUrl;

    private static readonly SequenceStep PlainStep = new("thanks", TimeSpan.Zero, StepChannel.Email, "Thanks {{ contact.firstName }}", "Hi {{ contact.firstName }},\nthanks.", "<html><body><p>Hi {{ contact.firstName }}</p></body></html>");

    private static readonly Dictionary<string, string?> WithLinks = new()
    {
        ["FollowUp:PublicBaseUrl"] = PublicBaseUrl,
        ["FollowUp:SigningKey"] = UnsubscribeTokens.SigningKey,
    };

    /// <summary>Enrolls a new contact into a one-step sequence, sends the step through the outbox, and reads the written email.</summary>
    private async Task<(MimeMessage Email, string ContactId, string Address)> SendAsync(SequenceStep step, IDictionary<string, string?>? settings)
    {
        await using var engine = await EngineHarness.CreateAsync(azurite, settings: settings);
        var sequence = await engine.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", [step], new StopRules(true), engine.Clock.GetUtcNow()), CancellationToken.None);
        var address = TestData.Email();
        var created = Assert.IsType<EnrollmentResult.Created>(await engine.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(address, null, "Ann", null, null), JsonElement.Parse("{}")), CancellationToken.None)).Enrollment;
        var enrollment = (await engine.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;

        await engine.Get<StepDispatcher>().DispatchAsync(new StepMessage(enrollment.Id, step.Id, enrollment.SequenceVersion).ToJson(), 1, CancellationToken.None);

        return (await MimeMessage.LoadAsync(Assert.Single(engine.Outbox.Files("*.eml"))), enrollment.ContactId, address);
    }

    [Fact]
    public async Task Dispatch_WithPublicBaseUrl_EmailHasOneClickHeadersAndFooters()
    {
        var (email, contactId, address) = await SendAsync(PlainStep, WithLinks);

        var link = $"{PublicBaseUrl}/api/unsubscribe?t={UnsubscribeTokens.Sign(UnsubscribeTokens.Value(contactId, address))}";
        Assert.Equal($"<{link}>", email.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers["List-Unsubscribe-Post"]);
        Assert.Equal($"Hi Ann,\nthanks.\n\nUnsubscribe: {link}\n", email.TextBody!.ReplaceLineEndings("\n"));
        Assert.Contains($"<a href=\"{link}\">Unsubscribe</a>", email.HtmlBody, StringComparison.Ordinal);
        Assert.EndsWith("</p></body></html>", email.HtmlBody!.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(address, link, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Dispatch_WithoutPublicBaseUrl_EmailHasNoUnsubscribeHeaderOrFooter()
    {
        var (email, _, _) = await SendAsync(PlainStep, null);

        Assert.Null(email.Headers["List-Unsubscribe"]);
        Assert.Null(email.Headers["List-Unsubscribe-Post"]);
        Assert.DoesNotContain("nsubscribe", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("nsubscribe", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_TemplateUsingUnsubscribeUrl_GetsTheLinkAndNoFooter()
    {
        var step = new SequenceStep("thanks", TimeSpan.Zero, StepChannel.Email, "Thanks",
            "Hi. Stop these: {{ unsubscribe_url }}", "<p>Hi. <a href=\"{{ unsubscribe_url }}\">Stop these</a></p>");

        var (email, contactId, address) = await SendAsync(step, WithLinks);

        var link = $"{PublicBaseUrl}/api/unsubscribe?t={UnsubscribeTokens.Sign(UnsubscribeTokens.Value(contactId, address))}";
        Assert.Equal($"Hi. Stop these: {link}", email.TextBody!.TrimEnd());
        Assert.Equal($"<p>Hi. <a href=\"{link}\">Stop these</a></p>", email.HtmlBody!.TrimEnd());
        Assert.Equal($"<{link}>", email.Headers["List-Unsubscribe"]);
    }

    [Fact]
    public async Task Dispatch_HttpPublicBaseUrl_HasLinkButNoOneClickHeader()
    {
        var (email, _, _) = await SendAsync(PlainStep, new Dictionary<string, string?>(WithLinks) { ["FollowUp:PublicBaseUrl"] = "http://localhost:7071" });

        Assert.StartsWith("<http://localhost:7071/api/unsubscribe?t=", email.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Null(email.Headers["List-Unsubscribe-Post"]);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(PublicBaseUrl, false)]
    public async Task Start_WithoutPublicBaseUrl_WarnsOnce(string? publicBaseUrl, bool warns)
    {
        var logs = new CapturedLogs();
        var options = Options.Create(new FollowUpOptions { PublicBaseUrl = publicBaseUrl is null ? null : new Uri(publicBaseUrl) });
        var links = new UnsubscribeLinks(options, new TokenSigner(Options.Create(new FollowUpOptions { SigningKey = UnsubscribeTokens.SigningKey }), NullLogger<TokenSigner>.Instance), logs.For<UnsubscribeLinks>());

        await links.StartAsync(CancellationToken.None);

        Assert.Equal(warns ? 1 : 0, logs.Entries.Count(e => e.Level == LogLevel.Warning && e.Text.Contains("without unsubscribe links", StringComparison.Ordinal)));
    }
}
