using System.Globalization;
using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Channels.Twilio;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using FollowUp.Tests.Builders;

namespace FollowUp.Tests.Channels.Twilio;

/// <summary>Contract tests of the Twilio channel, through Twilio's library, against a fake Twilio on a loopback port.</summary>
public sealed class TwilioSmsChannelTests : IAsyncLifetime
{
    private const string To = "+447911123456";
    private static readonly SendKey Key = new("abcdefghjkmn-0123456789", "welcome text");

    /// <summary>Dates Twilio's messages. The channel itself runs on the system clock: the HTTP pipeline's retry delays run on the registered clock.</summary>
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
    private readonly CapturedLogs logs = new();
    private readonly List<ServiceProvider> providers = [];
    private FakeTwilio twilio = null!;

    public async Task InitializeAsync() => twilio = await FakeTwilio.StartAsync(clock.GetUtcNow);

    public async Task DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        await twilio.DisposeAsync();
    }

    /// <summary>The channel wired as the engine wires it, with the fake's address and <paramref name="settings"/> on top.</summary>
    private TwilioSmsChannel Channel(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FollowUp:Sms:Provider"] = "twilio",
                ["FollowUp:Twilio:AccountSid"] = FakeTwilio.AccountSid,
                ["FollowUp:Twilio:AuthToken"] = FakeTwilio.AuthToken,
                ["FollowUp:Twilio:From"] = FakeTwilio.From,
                ["FollowUp:Twilio:BaseUrl"] = twilio.BaseUrl.ToString(),
                ["FollowUp:Http:RetryDelay"] = "00:00:00.010",
                ["FollowUp:Http:MaxRetries"] = "3",
            })
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddProviderHttpClients()
            .AddSingleton<TwilioSmsChannel>();
        services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.Section);
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<TwilioSmsChannel>();
    }

    private static OutgoingSms Sms(string text = "Hi Ann, your kettle ships today & arrives soon.") => new(Key, To, text);

    [Fact]
    public async Task Send_Accepted_PostsTheFormWithBasicAuthAndReturnsTheSid()
    {
        var sid = await Channel().SendAsync(Sms(), CancellationToken.None).SentAsync();

        var post = Assert.Single(twilio.Requests);
        Assert.Equal("POST", post.Method);
        Assert.Equal($"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Messages.json", post.PathAndQuery);
        Assert.Equal(FakeTwilio.BasicCredentials, post.Headers["Authorization"]);
        Assert.StartsWith("application/x-www-form-urlencoded", post.Headers["Content-Type"], StringComparison.Ordinal);
        var form = FakeTwilio.Form(post);
        Assert.Equal(["Body", "From", "To"], form.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(To, form["To"]);
        Assert.Equal(Sms().Text, form["Body"]);
        Assert.Equal(FakeTwilio.From, form["From"]);
        Assert.Equal(twilio.Messages[0]["sid"], sid);
    }

    [Fact]
    public async Task Send_WithMessagingService_SendsItInsteadOfFrom()
    {
        await Channel(("FollowUp:Twilio:MessagingServiceSid", "MG00000000000000000000000000000002")).SendAsync(Sms(), CancellationToken.None).SentAsync();

        var form = FakeTwilio.Form(Assert.Single(twilio.Posts));
        Assert.Equal(["Body", "MessagingServiceSid", "To"], form.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("MG00000000000000000000000000000002", form["MessagingServiceSid"]);
    }

    [Theory]
    [InlineData("https://followup.example.com")]
    [InlineData("https://followup.example.com/")]
    public async Task Send_WithPublicBaseUrl_AsksForStatusCallbacksOnTheRoute(string publicBaseUrl)
    {
        await Channel(("FollowUp:PublicBaseUrl", publicBaseUrl)).SendAsync(Sms(), CancellationToken.None).SentAsync();

        var callback = FakeTwilio.Form(Assert.Single(twilio.Posts))["StatusCallback"];
        Assert.Equal("https://followup.example.com/api/twilio/status?enrollment=abcdefghjkmn-0123456789&step=welcome%20text", callback);
        var query = QueryHelpers.ParseQuery(new Uri(callback).Query);
        Assert.Equal(Key.EnrollmentId, query["enrollment"]);
        Assert.Equal(Key.StepId, query["step"]);
    }

    [Fact]
    public async Task Send_RecipientRepliedStop_AnswersOptedOut()
    {
        twilio.AnswerNextPost(() => FakeTwilio.Error(400, 21610, "Attempt to send to unsubscribed recipient"));

        var answer = await Channel().SendAsync(Sms(), CancellationToken.None).AnsweredAsync(SendResultKind.OptedOut);

        Assert.Equal("Twilio 21610: Attempt to send to unsubscribed recipient", answer.Reason);
    }

    [Theory]
    [InlineData(400, 21211)]
    [InlineData(404, 20404)]
    public async Task Send_OtherRefusal_AnswersRefusedWithTwilioCodeAndNoPhoneNumber(int status, int code)
    {
        twilio.AnswerNextPost(() => FakeTwilio.Error(status, code, $"The 'To' number {To} is not valid."));

        var answer = await Channel().SendAsync(Sms(), CancellationToken.None).AnsweredAsync(SendResultKind.Refused);

        Assert.Equal($"Twilio {code}: The 'To' number [recipient] is not valid.", answer.Reason);
    }

    [Theory]
    [InlineData(400, SendResultKind.Refused, "Twilio answered 400 BadRequest.")]
    [InlineData(502, SendResultKind.Unavailable, "Twilio answered 502 BadGateway.")]
    public async Task Send_ErrorThatIsNotTwilioJson_IsJudgedByTheHttpStatus(int status, SendResultKind expected, string message)
    {
        twilio.AnswerNextPost(() => Results.Content($"<html>{To} is not served here</html>", "text/html", statusCode: status));

        var answer = await Channel().SendAsync(Sms(), CancellationToken.None).AnsweredAsync(expected);

        Assert.Equal(message, answer.Reason);
    }

    [Fact]
    public async Task Send_AcceptedWithAnUnreadableAnswer_AnswersUnavailable()
    {
        twilio.AnswerNextPost(() => Results.Content("not json", "application/json", statusCode: 201));

        await Channel().SendAsync(Sms(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);
    }

    [Fact]
    public async Task Send_WrongCredentials_AnswersUnavailableSoStepsWaitForTheFix()
    {
        twilio.AnswerNextPost(() => FakeTwilio.Error(401, 20003, "Authenticate"));

        var answer = await Channel().SendAsync(Sms(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Equal("Twilio 20003: Authenticate", answer.Reason);
    }

    [Fact]
    public async Task Send_TooManyRequests_AnswersThrottledWithRetryAfter()
    {
        twilio.AnswerNextPost(() => FakeTwilio.TooManyRequests(retryAfter: "7"));

        var answer = await Channel().SendAsync(Sms(), CancellationToken.None).AnsweredAsync(SendResultKind.Throttled);

        Assert.Equal(TimeSpan.FromSeconds(7), answer.RetryAfter);
        Assert.Single(twilio.Posts);
    }

    [Fact]
    public async Task Send_TooManyRequestsWithRetryAfterDate_WaitsUntilThatDate()
    {
        var until = TimeProvider.System.GetUtcNow().AddMinutes(2);
        twilio.AnswerNextPost(() => FakeTwilio.TooManyRequests(retryAfter: until.ToString("R", CultureInfo.InvariantCulture)));

        var answer = await Channel().SendAsync(Sms(), CancellationToken.None).AnsweredAsync(SendResultKind.Throttled);

        Assert.InRange(answer.RetryAfter!.Value, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(2));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Send_ServerError_AnswersUnavailableAfterExactlyOnePost(int status)
    {
        twilio.AnswerNextPost(() => FakeTwilio.Error(status, 20500, "Internal Server Error"));
        twilio.AnswerNextPost(() => FakeTwilio.Error(status, 20500, "Internal Server Error"));

        await Channel().SendAsync(Sms(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Single(twilio.Requests);
    }

    [Fact]
    public async Task Send_ConnectionDroppedAfterAccepting_AnswersUnavailableAfterExactlyOnePost()
    {
        twilio.AcceptNextPostThenDropConnection();

        await Channel().SendAsync(Sms(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.Single(twilio.Requests);
        Assert.Equal(1, twilio.Created);
    }

    [Fact]
    public async Task Send_AnswerLaterThanTheAttemptTimeout_AnswersUnavailableAfterExactlyOnePost()
    {
        twilio.AcceptNextPostThenAnswerAfter(TimeSpan.FromSeconds(1));

        var answer = await Channel(("FollowUp:Http:AttemptTimeout", "00:00:00.200")).SendAsync(Sms(), CancellationToken.None).AnsweredAsync(SendResultKind.Unavailable);

        Assert.StartsWith("Twilio could not be reached:", answer.Reason, StringComparison.Ordinal);
        Assert.Single(twilio.Requests);
        Assert.Equal(1, twilio.Created);
    }

    [Fact]
    public async Task Send_Failures_NeverShowTheAuthTokenInErrorsOrLogs()
    {
        var channel = Channel(("FollowUp:PublicBaseUrl", "https://followup.example.com"));
        twilio.AnswerNextPost(() => FakeTwilio.Error(401, 20003, "Authenticate"));
        twilio.AnswerNextPost(() => FakeTwilio.Error(500, 20500, "Internal Server Error"));
        twilio.AnswerNextPost(() => FakeTwilio.TooManyRequests(retryAfter: "1"));
        twilio.AcceptNextPostThenDropConnection();
        var errors = new List<Exception>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            errors.Add(await Assert.ThrowsAnyAsync<Exception>(() => channel.SendAsync(Sms(), CancellationToken.None).SentAsync()));
        }

        await channel.FindSentAsync(Sms(), clock.GetUtcNow(), CancellationToken.None);

        var basic = FakeTwilio.BasicCredentials["Basic ".Length..];
        Assert.NotEmpty(logs.Entries);
        Assert.All(errors.Select(e => e.ToString()).Concat(logs.Entries.Select(entry => entry.Text)), text =>
        {
            Assert.DoesNotContain(FakeTwilio.AuthToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
            Assert.DoesNotContain(To[1..], text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task FindSent_AcceptedButStillQueued_FindsItAndIgnoresOlderOrOtherMessages()
    {
        var claimed = clock.GetUtcNow();
        twilio.Messages.AddRange(
        [
            FakeTwilio.Message("SMother-body", To, "Another text", claimed.AddSeconds(3)),
            FakeTwilio.Message("SMother-sender", To, Sms().Text, claimed.AddSeconds(2), from: "+15550009999"),
            FakeTwilio.Message("SMthis-one", To, Sms().Text, claimed.AddSeconds(1)),
            FakeTwilio.Message("SMother-recipient", "+447911000000", Sms().Text, claimed.AddSeconds(1)),
            FakeTwilio.Message("SMlast-week", To, Sms().Text, claimed.AddDays(-7)),
        ]);

        var sid = await Channel().FindSentAsync(Sms(), claimed, CancellationToken.None);

        Assert.Equal("SMthis-one", sid);
        var get = Assert.Single(twilio.Requests);
        Assert.Equal("GET", get.Method);
        Assert.Equal(FakeTwilio.BasicCredentials, get.Headers["Authorization"]);
        var query = QueryHelpers.ParseQuery(new Uri(twilio.BaseUrl, get.PathAndQuery).Query);
        Assert.Equal(["PageSize", "To"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(To, query["To"]);
        Assert.Equal("100", query["PageSize"]);
    }

    [Fact]
    public async Task FindSent_OnlyOlderOrDifferentMessages_ReturnsNull()
    {
        var claimed = clock.GetUtcNow();
        twilio.Messages.AddRange(
        [
            FakeTwilio.Message("SMother-body", To, "Another text", claimed.AddSeconds(3)),
            FakeTwilio.Message("SMearlier", To, Sms().Text, claimed.AddMinutes(-10)),
        ]);

        Assert.Null(await Channel().FindSentAsync(Sms(), claimed, CancellationToken.None));
    }

    [Fact]
    public async Task FindSent_WithMessagingService_MatchesTheServiceNotTheNumber()
    {
        const string service = "MG00000000000000000000000000000002";
        var claimed = clock.GetUtcNow();
        twilio.Messages.AddRange(
        [
            FakeTwilio.Message("SMfrom-number", To, Sms().Text, claimed.AddSeconds(2)),
            FakeTwilio.Message("SMfrom-service", To, Sms().Text, claimed.AddSeconds(1), from: "+15550002222", messagingServiceSid: service),
        ]);

        var sid = await Channel(("FollowUp:Twilio:MessagingServiceSid", service)).FindSentAsync(Sms(), claimed, CancellationToken.None);

        Assert.Equal("SMfrom-service", sid);
    }

    [Fact]
    public async Task FindSent_MatchOnALaterPage_FollowsNextPageUri()
    {
        var claimed = clock.GetUtcNow();
        var path = $"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Messages.json";
        var server = (Func<RecordedRequest, IResult>)(request => request.PathAndQuery.Contains("Page=1", StringComparison.Ordinal)
            ? FakeTwilio.Page([FakeTwilio.Message("SMpage-two", To, Sms().Text, claimed)])
            : FakeTwilio.Page([FakeTwilio.Message("SMother-body", To, "Another text", claimed)], $"{path}?To=x&PageSize=100&Page=1&PageToken=PA1"));
        await using var paging = await LoopbackHttpServer.StartAsync();
        paging.Handler = server;

        var sid = await Channel(("FollowUp:Twilio:BaseUrl", paging.BaseUrl.ToString())).FindSentAsync(Sms(), claimed, CancellationToken.None);

        Assert.Equal("SMpage-two", sid);
        Assert.Equal(2, paging.Requests.Count);
        Assert.Equal($"{path}?To=x&PageSize=100&Page=1&PageToken=PA1", paging.Requests[1].PathAndQuery);
    }

    [Theory]
    [InlineData("absolute")]
    [InlineData("sameHostOtherPort")]
    public async Task FindSent_NextPageOnAnotherHost_IsRefusedBeforeTheCredentialsGoOut(string link)
    {
        await using var other = await LoopbackHttpServer.StartAsync();
        other.Handler = _ => FakeTwilio.Page([]);
        var path = $"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Messages.json?PageToken=PA1";
        var nextPageUrl = link == "absolute" ? new Uri(other.BaseUrl, path).ToString() : $"http://localhost:{other.BaseUrl.Port}{path}";
        await using var paging = await LoopbackHttpServer.StartAsync();
        paging.Handler = _ => FakeTwilio.MetaPage([FakeTwilio.Message("SMother-body", To, "Another text", clock.GetUtcNow())], nextPageUrl);

        var exception = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            Channel(("FollowUp:Twilio:BaseUrl", paging.BaseUrl.ToString())).FindSentAsync(Sms(), clock.GetUtcNow(), CancellationToken.None));

        Assert.Empty(other.Requests);
        Assert.Single(paging.Requests);
        Assert.Contains("FollowUp:Twilio:BaseUrl", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts", "https://api.twilio.com", true)]
    [InlineData("https://API.twilio.com:443/x", "http://127.0.0.1:5000", true)]
    [InlineData("http://127.0.0.1:5000/x", "http://127.0.0.1:5000", true)]
    [InlineData("http://127.0.0.1:5001/x", "http://127.0.0.1:5000", false)]
    [InlineData("https://api.twilio.com@evil.example/x", "https://api.twilio.com", false)]
    [InlineData("https://user@api.twilio.com/x", "https://api.twilio.com", false)]
    [InlineData("https://api.twilio.com.evil.example/x", "https://api.twilio.com", false)]
    [InlineData("http://api.twilio.com/x", "https://api.twilio.com", false)]
    [InlineData("https://evil.example/x", "https://api.twilio.com", false)]
    public void IsAllowed_TwilioOrTheBaseUrlOnly(string address, string baseUrl, bool allowed) =>
        Assert.Equal(allowed, TwilioHostGuard.IsAllowed(new Uri(address), new Uri(baseUrl)));

    [Fact]
    public async Task FindSent_ServerErrorThenList_RetriesTheRead()
    {
        var claimed = clock.GetUtcNow();
        twilio.Messages.Add(FakeTwilio.Message("SMthis-one", To, Sms().Text, claimed));
        await using var flaky = await LoopbackHttpServer.StartAsync();
        var answered = 0;
        flaky.Handler = request => Interlocked.Increment(ref answered) == 1
            ? FakeTwilio.Error(503, 20503, "Service Unavailable")
            : FakeTwilio.Page(twilio.Messages);

        var sid = await Channel(("FollowUp:Twilio:BaseUrl", flaky.BaseUrl.ToString())).FindSentAsync(Sms(), claimed, CancellationToken.None);

        Assert.Equal("SMthis-one", sid);
        Assert.Equal(2, flaky.Requests.Count);
    }

    [Fact]
    public async Task FindSent_Refused_ThrowsUnavailable()
    {
        await using var refusing = await LoopbackHttpServer.StartAsync();
        refusing.Handler = _ => FakeTwilio.Error(401, 20003, "Authenticate");

        var exception = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            Channel(("FollowUp:Twilio:BaseUrl", refusing.BaseUrl.ToString())).FindSentAsync(Sms(), clock.GetUtcNow(), CancellationToken.None));

        Assert.Contains("Twilio 20003", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindSent_NoMatchOnFivePages_StopsReadingAndReturnsNull()
    {
        await using var endless = await LoopbackHttpServer.StartAsync();
        var path = $"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Messages.json";
        endless.Handler = request => FakeTwilio.Page([FakeTwilio.Message("SMother", To, "Another text", clock.GetUtcNow())], $"{path}?PageToken=PA{Guid.NewGuid():N}");

        var sid = await Channel(("FollowUp:Twilio:BaseUrl", endless.BaseUrl.ToString())).FindSentAsync(Sms(), clock.GetUtcNow(), CancellationToken.None);

        Assert.Null(sid);
        Assert.Equal(5, endless.Requests.Count);
    }

    [Theory]
    [InlineData("refused")]
    [InlineData("unreadable")]
    public async Task FindSent_LaterPageFails_ThrowsUnavailable(string failure)
    {
        await using var failing = await LoopbackHttpServer.StartAsync();
        var path = $"/2010-04-01/Accounts/{FakeTwilio.AccountSid}/Messages.json";
        failing.Handler = request => request.PathAndQuery.Contains("PageToken", StringComparison.Ordinal)
            ? failure == "refused" ? FakeTwilio.Error(403, 20403, "Forbidden") : Results.Content("not json", "application/json")
            : FakeTwilio.Page([], $"{path}?PageToken=PA1");

        var exception = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            Channel(("FollowUp:Twilio:BaseUrl", failing.BaseUrl.ToString())).FindSentAsync(Sms(), clock.GetUtcNow(), CancellationToken.None));

        Assert.Equal(2, failing.Requests.Count);
        Assert.DoesNotContain(To[1..], exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindSent_Unreachable_ThrowsUnavailableWithoutTheNumber()
    {
        var stopped = await LoopbackHttpServer.StartAsync();
        var closed = stopped.BaseUrl;
        await stopped.DisposeAsync();

        var exception = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            Channel(("FollowUp:Twilio:BaseUrl", closed.ToString())).FindSentAsync(Sms(), clock.GetUtcNow(), CancellationToken.None));

        Assert.StartsWith("Twilio could not be reached:", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(To[1..], exception.ToString(), StringComparison.Ordinal);
    }
}
