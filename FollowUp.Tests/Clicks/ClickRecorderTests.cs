using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Clicks;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Clicks;

/// <summary>Recording clicks on Azurite: the scanner rules, repeats, and the first human click counted once.</summary>
public sealed class ClickRecorderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Browser = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

    private static readonly Uri Shop = new("https://shop.example/sale?email=ann%40example.com");

    /// <summary>An engine with one enrollment in a one-step sequence that tracks clicks; returns the engine and the enrollment id.</summary>
    private async Task<(EngineHarness Engine, string EnrollmentId)> EnrolledAsync()
    {
        var engine = await EngineHarness.CreateAsync(azurite, settings: new Dictionary<string, string?> { ["FollowUp:PublicBaseUrl"] = PublicLocalAppFixture.PublicBaseUrl });
        var step = new SequenceStep("welcome", TimeSpan.FromDays(1), StepChannel.Email, "Hi", "See https://shop.example/", null);
        var sequence = await engine.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", [step], new StopRules(true), engine.Clock.GetUtcNow()) { TrackClicks = true }, CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await engine.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}")), CancellationToken.None)).Enrollment;
        return (engine, created.EnrollmentId);
    }

    private static Task<ClickResult> ClickAsync(EngineHarness engine, string enrollmentId, string position, string method = "GET", string? userAgent = Browser) =>
        engine.Get<ClickRecorder>().RecordAsync(new ClickLink(enrollmentId, "welcome", position, Shop), method, userAgent, CancellationToken.None);

    private static async Task<List<TimelineEvent>> ClicksAsync(EngineHarness engine, string enrollmentId) =>
        [.. (await engine.Get<TimelineStore>().ListAsync(enrollmentId, CancellationToken.None)).Where(e => e.Kind == TimelineEventKind.Clicked)];

    [Fact]
    public async Task RecordAsync_PersonClicksTwoLinksMinutesApart_OnlyTheFirstIsTheFirstHumanClick_BothOnTheTimeline()
    {
        var (engine, enrollmentId) = await EnrolledAsync();
        await using var _ = engine;

        var first = await ClickAsync(engine, enrollmentId, "h1");
        engine.Clock.Advance(TimeSpan.FromMinutes(3));
        var second = await ClickAsync(engine, enrollmentId, "h2");

        Assert.True(first is { Recorded: true, ByScanner: false, FirstHumanClick: true });
        Assert.True(second is { Recorded: true, ByScanner: false, FirstHumanClick: false });
        Assert.Equal(enrollmentId, first.Enrollment?.Id);
        var clicks = await ClicksAsync(engine, enrollmentId);
        Assert.Equal(["Link h1 to shop.example", "Link h2 to shop.example"], clicks.Select(c => c.Detail));
        Assert.All(clicks, c => Assert.Equal("welcome", c.StepId));
        Assert.All(clicks, c => Assert.Null(c.ByScanner));
        Assert.DoesNotContain(clicks, c => c.Detail!.Contains("ann", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RecordAsync_SameLinkTwiceWithinASecond_RecordsOneClick()
    {
        var (engine, enrollmentId) = await EnrolledAsync();
        await using var _ = engine;

        var first = await ClickAsync(engine, enrollmentId, "h1");
        engine.Clock.Advance(TimeSpan.FromMilliseconds(400));
        var repeat = await ClickAsync(engine, enrollmentId, "h1");
        engine.Clock.Advance(TimeSpan.FromSeconds(5));
        var later = await ClickAsync(engine, enrollmentId, "h1");

        Assert.True(first.FirstHumanClick);
        Assert.True(repeat is { Recorded: false, FirstHumanClick: false });
        Assert.True(later is { Recorded: true, ByScanner: false, FirstHumanClick: false });
        Assert.Equal(2, (await ClicksAsync(engine, enrollmentId)).Count);
    }

    [Fact]
    public async Task RecordAsync_ScannerFollowsEveryLinkWithinASecond_LaterLinksAreByScanner()
    {
        var (engine, enrollmentId) = await EnrolledAsync();
        await using var _ = engine;

        var results = new List<ClickResult>();
        foreach (var position in new[] { "h1", "h2", "h3", "t1" })
        {
            results.Add(await ClickAsync(engine, enrollmentId, position));
            engine.Clock.Advance(TimeSpan.FromMilliseconds(150));
        }

        Assert.Equal([false, true, true, true], results.Select(r => r.ByScanner));
        Assert.Equal(1, results.Count(r => r.FirstHumanClick));
        var clicks = await ClicksAsync(engine, enrollmentId);
        Assert.Equal([null, true, true, true], clicks.Select(c => c.ByScanner));
        Assert.EndsWith("by a link scanner: another link of the email less than a second before", clicks[1].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HEAD", Browser)]
    [InlineData("GET", "Barracuda Sentinel (EE)")]
    [InlineData("GET", null)]
    public async Task RecordAsync_RecognisedScanner_IsRecordedByScanner_AndThePersonAfterItIsStillFirst(string method, string? userAgent)
    {
        var (engine, enrollmentId) = await EnrolledAsync();
        await using var _ = engine;

        var scanner = await ClickAsync(engine, enrollmentId, "h1", method, userAgent);
        engine.Clock.Advance(TimeSpan.FromMinutes(10));
        var person = await ClickAsync(engine, enrollmentId, "h1");

        Assert.True(scanner is { Recorded: true, ByScanner: true, FirstHumanClick: false });
        Assert.True(person is { Recorded: true, ByScanner: false, FirstHumanClick: true });
        Assert.Equal([true, null], (await ClicksAsync(engine, enrollmentId)).Select(c => c.ByScanner));
    }

    [Fact]
    public async Task RecordAsync_ManyClicksAtOnce_ExactlyOneIsTheFirstHumanClick()
    {
        var (engine, enrollmentId) = await EnrolledAsync();
        await using var _ = engine;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ClickAsync(engine, enrollmentId, "h1")));

        Assert.Equal(1, results.Count(r => r.FirstHumanClick));
        var row = await engine.Storage.Table(StorageNames.ClicksTable).GetEntityAsync<TableEntity>(enrollmentId, "welcome");
        Assert.NotNull(row.Value.GetDateTimeOffset("FirstHumanUtc"));
    }

    [Fact]
    public async Task RecordAsync_EnrollmentGone_RecordsNothing()
    {
        await using var engine = await EngineHarness.CreateAsync(azurite);
        var enrollmentId = $"{Guid.NewGuid():N}"[..12] + "-0123456789";

        var result = await ClickAsync(engine, enrollmentId, "h1");

        Assert.True(result is { Recorded: false, Enrollment: null, FirstHumanClick: false });
        Assert.Empty(await engine.Get<TimelineStore>().ListAsync(enrollmentId, CancellationToken.None));
    }
}
