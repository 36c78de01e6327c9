using System.Text;
using System.Text.Json;
using FollowUp.Engine;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Inbound.Sms;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Channels.Twilio;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Inbound.Sms;

/// <summary>Twilio's incoming-message webhook on the engine, on Azurite: keywords, replies and forged signatures.</summary>
public sealed class TwilioInboundEndpointsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string PublicBaseUrl = "https://followup.example.com/hooks";
    private const string Url = PublicBaseUrl + "/api/inbound/twilio";
    private const string AuthToken = "inbound-auth-token-7c1e";
    private const string HelpText = "Acme Bikes <help@acme.example> & 0800 123 456. Reply STOP to stop.";
    private const string EmptyTwiml = """<?xml version="1.0" encoding="utf-8"?><Response></Response>""";
    private EngineHarness harness = null!;

    private TwilioInboundEndpoints Endpoints => harness.Get<TwilioInboundEndpoints>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, settings: new Dictionary<string, string?>
    {
        ["FollowUp:PublicBaseUrl"] = PublicBaseUrl,
        ["FollowUp:Twilio:AccountSid"] = FakeTwilio.AccountSid,
        ["FollowUp:Twilio:AuthToken"] = AuthToken,
        ["FollowUp:Sms:HelpText"] = HelpText,
    });

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private static string Sign(string url, Dictionary<string, string> parameters, string authToken = AuthToken) =>
        TwilioRequests.Sign(authToken, url, parameters);

    /// <summary>The webhook as it reaches the app behind a proxy that rewrote the host.</summary>
    private static HttpRequest Request(Dictionary<string, string> parameters, string? signature) =>
        TwilioRequests.Post("/api/inbound/twilio", "", parameters, signature);

    /// <summary>Posts a text from <paramref name="phone"/>, signed as Twilio signs it.</summary>
    private Task<IResult> TextAsync(string phone, string body)
    {
        var parameters = TwilioRequests.IncomingMessage(phone, body);
        return Endpoints.PostAsync(Request(parameters, Sign(Url, parameters)), CancellationToken.None);
    }

    /// <summary>Runs the answer as ASP.NET Core would; returns its status, content type and body.</summary>
    private static async Task<(int Status, string? ContentType, string Body)> RenderAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>Enrolls a new or existing contact with <paramref name="phone"/> in a fresh two-step SMS sequence.</summary>
    private async Task<string> EnrollAsync(string phone, bool stopOnReply = true)
    {
        var steps = new[] { "first", "second" }
            .Select(id => new SequenceStep(id, TimeSpan.FromDays(1), StepChannel.Sms, null, "Hi {{ contact.firstName }}", null))
            .ToList();
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Texts", steps, new StopRules(stopOnReply), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(null, phone, "Ann", null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        return created.EnrollmentId;
    }

    private async Task<EnrollmentStatus> StatusOfAsync(string enrollmentId) =>
        (await harness.Get<EnrollmentStore>().GetAsync(enrollmentId, CancellationToken.None))!.Status;

    private Task<List<TimelineEvent>> TimelineOfAsync(string enrollmentId) =>
        harness.Get<TimelineStore>().ListAsync(enrollmentId, CancellationToken.None);

    private Task<bool> IsOptedOutAsync(string phone) =>
        harness.Get<OptOutStore>().IsOptedOutAsync(AddressKey.Phone(phone), CancellationToken.None);

    [Theory]
    [InlineData("STOP")]
    [InlineData("STOPALL")]
    [InlineData("UNSUBSCRIBE")]
    [InlineData("CANCEL")]
    [InlineData("END")]
    [InlineData("QUIT")]
    [InlineData("REVOKE")]
    [InlineData("OPTOUT")]
    [InlineData("stop")]
    [InlineData("  Stop \n")]
    [InlineData("Unsubscribe.")]
    public async Task Post_OptOutKeyword_OptsThePhoneOutAndRecordsItWithoutHalting(string body)
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);

        var (status, contentType, twiml) = await RenderAsync(await TextAsync(phone, body));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.StartsWith("text/xml", contentType, StringComparison.Ordinal);
        Assert.Equal(EmptyTwiml, twiml);
        Assert.True(await IsOptedOutAsync(phone));
        var optedOut = Assert.Single(await TimelineOfAsync(enrollmentId), e => e.Kind == TimelineEventKind.OptedOut);
        Assert.Contains(SmsKeywords.Word(body), optedOut.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await TimelineOfAsync(enrollmentId), e => e.Kind == TimelineEventKind.Replied);
        Assert.Equal(EnrollmentStatus.Active, await StatusOfAsync(enrollmentId));
    }

    [Theory]
    [InlineData("Stop by on Tuesday please")]
    [InlineData("Please cancel my order")]
    public async Task Post_SeveralWordsWithAKeyword_IsAReplyNotAnOptOut(string body)
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);

        var (status, _, twiml) = await RenderAsync(await TextAsync(phone, body));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal(EmptyTwiml, twiml);
        Assert.False(await IsOptedOutAsync(phone));
        Assert.Equal(EnrollmentStatus.Halted, await StatusOfAsync(enrollmentId));
        var replied = Assert.Single(await TimelineOfAsync(enrollmentId), e => e.Kind == TimelineEventKind.Replied);
        Assert.Equal("By SMS: " + body, replied.Detail);
    }

    [Theory]
    [InlineData("stop please", "stop")]
    [InlineData("Please stop texting me", "stop texting me")]
    public async Task Post_SeveralWordsAskingToStop_IsAReplyThatOptsThePhoneOut(string body, string phrase)
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);

        var (status, _, twiml) = await RenderAsync(await TextAsync(phone, body));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal(EmptyTwiml, twiml);
        Assert.True(await IsOptedOutAsync(phone));
        Assert.Equal(EnrollmentStatus.Halted, await StatusOfAsync(enrollmentId));
        var timeline = await TimelineOfAsync(enrollmentId);
        Assert.Equal("By SMS: " + body, Assert.Single(timeline, e => e.Kind == TimelineEventKind.Replied).Detail);
        Assert.Contains($"(\"{phrase}\")", Assert.Single(timeline, e => e.Kind == TimelineEventKind.OptedOut).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("START")]
    [InlineData("YES")]
    [InlineData("UNSTOP")]
    [InlineData(" yes ")]
    public async Task Post_OptInKeywordAfterStop_OptsThePhoneBackIn(string body)
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);
        await TextAsync(phone, "STOP");
        Assert.True(await IsOptedOutAsync(phone));
        harness.Clock.Advance(TimeSpan.FromMinutes(1));

        var (status, _, twiml) = await RenderAsync(await TextAsync(phone, body));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal(EmptyTwiml, twiml);
        Assert.False(await IsOptedOutAsync(phone));
        var kinds = (await TimelineOfAsync(enrollmentId)).Select(e => e.Kind).ToList();
        Assert.True(kinds.IndexOf(TimelineEventKind.OptedOut) < kinds.IndexOf(TimelineEventKind.OptedIn), string.Join(", ", kinds));
        Assert.Equal(EnrollmentStatus.Active, await StatusOfAsync(enrollmentId));
    }

    [Fact]
    public async Task Post_StartWithoutStop_ChangesNothing()
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);

        var (status, _, _) = await RenderAsync(await TextAsync(phone, "START"));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.False(await IsOptedOutAsync(phone));
        Assert.Equal(EnrollmentStatus.Active, await StatusOfAsync(enrollmentId));
    }

    [Theory]
    [InlineData("HELP")]
    [InlineData("INFO")]
    [InlineData("help ")]
    public async Task Post_Help_AnswersTheHelpTextEscapedAndChangesNothing(string body)
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);

        var (status, contentType, twiml) = await RenderAsync(await TextAsync(phone, body));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.StartsWith("text/xml", contentType, StringComparison.Ordinal);
        Assert.Equal(
            """<?xml version="1.0" encoding="utf-8"?><Response><Message>Acme Bikes &lt;help@acme.example&gt; &amp; 0800 123 456. Reply STOP to stop.</Message></Response>""",
            twiml);
        Assert.Equal(HelpText, System.Xml.Linq.XDocument.Parse(twiml).Root!.Element("Message")!.Value);
        Assert.False(await IsOptedOutAsync(phone));
        Assert.Equal(EnrollmentStatus.Active, await StatusOfAsync(enrollmentId));
        Assert.Equal([TimelineEventKind.Enrolled], (await TimelineOfAsync(enrollmentId)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Post_Reply_HaltsTheEnrollmentThatStopsOnReplyAndNotTheOther()
    {
        var phone = TestData.Phone();
        var stopping = await EnrollAsync(phone, stopOnReply: true);
        var continuing = await EnrollAsync(phone, stopOnReply: false);

        var (status, _, twiml) = await RenderAsync(await TextAsync(phone, "Yes please, call me after 5pm"));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal(EmptyTwiml, twiml);
        Assert.Equal(EnrollmentStatus.Halted, await StatusOfAsync(stopping));
        Assert.Equal(EnrollmentStatus.Active, await StatusOfAsync(continuing));
        foreach (var enrollmentId in new[] { stopping, continuing })
        {
            var replied = Assert.Single(await TimelineOfAsync(enrollmentId), e => e.Kind == TimelineEventKind.Replied);
            Assert.Equal("By SMS: Yes please, call me after 5pm", replied.Detail);
        }

        Assert.Contains(await TimelineOfAsync(stopping), e => e.Kind == TimelineEventKind.Halted);
        Assert.False(await IsOptedOutAsync(phone));
    }

    [Fact]
    public async Task Post_LongReply_QuotesItsFirstHundredCharacters()
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);
        var body = string.Concat(Enumerable.Repeat("0123456789", 15));

        await TextAsync(phone, body);

        var replied = Assert.Single(await TimelineOfAsync(enrollmentId), e => e.Kind == TimelineEventKind.Replied);
        Assert.Equal("By SMS: " + body[..100] + "…", replied.Detail);
    }

    [Fact]
    public async Task Post_ReplyFromAnUnknownNumber_Is200AndHaltsNothing()
    {
        var enrolled = TestData.Phone();
        var enrollmentId = await EnrollAsync(enrolled);

        var (status, _, twiml) = await RenderAsync(await TextAsync(TestData.Phone(), "Who is this?"));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal(EmptyTwiml, twiml);
        Assert.Equal(EnrollmentStatus.Active, await StatusOfAsync(enrollmentId));
    }

    [Fact]
    public async Task Post_StopFromAnUnknownNumber_OptsItOutBeforeItIsEverEnrolled()
    {
        var phone = TestData.Phone();

        var (status, _, _) = await RenderAsync(await TextAsync(phone, "STOP"));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.True(await IsOptedOutAsync(phone));
    }

    [Fact]
    public async Task Post_SenderThatIsNotAPhoneNumber_Is200AndOptsNothingOut()
    {
        var phone = TestData.Phone();

        var (status, _, twiml) = await RenderAsync(await TextAsync("whatsapp:" + phone, "STOP"));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal(EmptyTwiml, twiml);
        Assert.False(await IsOptedOutAsync(phone));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("other token")]
    [InlineData("host url")]
    [InlineData("tampered")]
    public async Task Post_BadSignature_Is403AndChangesNothing(string kind)
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);
        var parameters = TwilioRequests.IncomingMessage(phone, "STOP");
        var signature = kind switch
        {
            "missing" => null,
            "other token" => Sign(Url, parameters, authToken: "another-token"),
            "host url" => Sign("http://10.0.0.4:8080/api/inbound/twilio", parameters),
            _ => Sign(Url, TwilioRequests.IncomingMessage(phone, "Thanks")),
        };

        var result = await Endpoints.PostAsync(Request(parameters, signature), CancellationToken.None);

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status403Forbidden, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.ContentType);
        Assert.False(await IsOptedOutAsync(phone));
        Assert.Equal(EnrollmentStatus.Active, await StatusOfAsync(enrollmentId));
        Assert.Equal([TimelineEventKind.Enrolled], (await TimelineOfAsync(enrollmentId)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Post_SignedWithoutFrom_Is400NamingIt()
    {
        var parameters = TwilioRequests.IncomingMessage(TestData.Phone(), "Hello");
        parameters.Remove("From");

        var result = await Endpoints.PostAsync(Request(parameters, Sign(Url, parameters)), CancellationToken.None);

        Assert.Contains("From", Assert.IsType<ValidationProblem>(result).ProblemDetails.Errors.Keys);
    }

    [Fact]
    public async Task Post_ReplayedStopAfterStart_AnswersAsBeforeButActsOnce()
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);
        var stop = TwilioRequests.IncomingMessage(phone, "STOP");
        var (_, _, first) = await RenderAsync(await Endpoints.PostAsync(Request(stop, Sign(Url, stop)), CancellationToken.None));
        await TextAsync(phone, "START");
        Assert.False(await IsOptedOutAsync(phone));

        var (status, _, replayed) = await RenderAsync(await Endpoints.PostAsync(Request(stop, Sign(Url, stop)), CancellationToken.None));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal(first, replayed);
        Assert.False(await IsOptedOutAsync(phone));
        Assert.Single(await TimelineOfAsync(enrollmentId), e => e.Kind == TimelineEventKind.OptedOut);
    }

    [Fact]
    public async Task Post_ReplayedHelp_GetsTheSameHelpText()
    {
        var help = TwilioRequests.IncomingMessage(TestData.Phone(), "HELP");
        var (_, _, first) = await RenderAsync(await Endpoints.PostAsync(Request(help, Sign(Url, help)), CancellationToken.None));

        var (_, _, replayed) = await RenderAsync(await Endpoints.PostAsync(Request(help, Sign(Url, help)), CancellationToken.None));

        Assert.Contains(System.Security.SecurityElement.Escape(HelpText), first, StringComparison.Ordinal);
        Assert.Equal(first, replayed);
    }

    [Fact]
    public async Task Post_SameMessageSidTwiceAtOnce_ActsOnce()
    {
        var phone = TestData.Phone();
        var enrollmentId = await EnrollAsync(phone);
        var reply = TwilioRequests.IncomingMessage(phone, "Call me tomorrow");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Endpoints.PostAsync(Request(reply, Sign(Url, reply)), CancellationToken.None)));

        Assert.All(answers, answer => Assert.IsNotType<ProblemHttpResult>(answer));
        Assert.Single(await TimelineOfAsync(enrollmentId), e => e.Kind == TimelineEventKind.Replied);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SM../../x")]
    [InlineData("SM1f0e8ae6ade43cb3c0ce4525424e404")]
    public async Task Post_SignedWithoutAUsableMessageSid_Is400NamingItAndActsOnNothing(string messageSid)
    {
        var phone = TestData.Phone();
        var parameters = TwilioRequests.IncomingMessage(phone, "STOP", messageSid);

        var result = await Endpoints.PostAsync(Request(parameters, Sign(Url, parameters)), CancellationToken.None);

        Assert.Contains("MessageSid", Assert.IsType<ValidationProblem>(result).ProblemDetails.Errors.Keys);
        Assert.False(await IsOptedOutAsync(phone));
    }

    [Fact]
    public async Task Post_TwilioNotConfigured_Is404()
    {
        var endpoints = new TwilioInboundEndpoints(
            harness.Get<InboundSmsService>(), harness.Get<ProcessedSmsStore>(), Options.Create(new FollowUpOptions()), harness.Clock, NullLogger<TwilioInboundEndpoints>.Instance);
        var phone = TestData.Phone();
        var parameters = TwilioRequests.IncomingMessage(phone, "STOP");

        var result = await endpoints.PostAsync(Request(parameters, Sign(Url, parameters)), CancellationToken.None);

        Assert.Equal(StatusCodes.Status404NotFound, Assert.IsType<ProblemHttpResult>(result).StatusCode);
        Assert.False(await IsOptedOutAsync(phone));
    }
}
