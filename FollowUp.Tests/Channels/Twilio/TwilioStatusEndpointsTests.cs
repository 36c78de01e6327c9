using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Channels.Twilio;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Channels.Twilio;

/// <summary>Twilio's status callbacks on a step the engine sent through the fake Twilio, on Azurite.</summary>
public sealed class TwilioStatusEndpointsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private TwilioEngine engine = null!;

    private TwilioStatusEndpoints Endpoints => engine.Harness.Get<TwilioStatusEndpoints>();

    public async Task InitializeAsync() => engine = await TwilioEngine.CreateAsync(azurite);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    /// <summary>Sends a one-step SMS sequence through the fake Twilio; returns the enrollment, the callback URL Twilio was given, and the message sid.</summary>
    private async Task<(Enrollment Enrollment, string CallbackUrl, string Sid)> SendAsync()
    {
        var enrollment = await engine.EnrollAsync(TestData.Phone(), "first");
        await engine.Dispatcher.DispatchAsync(TwilioEngine.Message(enrollment), 1, CancellationToken.None);
        var callbackUrl = FakeTwilio.Form(Assert.Single(engine.Twilio.Posts))["StatusCallback"];
        return (enrollment, callbackUrl, (string)engine.Twilio.Messages[0]["sid"]!);
    }

    /// <summary>The parameters Twilio posts about a message.</summary>
    private static Dictionary<string, string> Parameters(string sid, string status, string? errorCode = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["From"] = FakeTwilio.From,
            ["MessageSid"] = sid,
            ["MessageStatus"] = status,
            ["SmsSid"] = sid,
            ["SmsStatus"] = status,
            ["To"] = "+447911123456",
        };
        if (errorCode is not null)
        {
            parameters["ErrorCode"] = errorCode;
        }

        return parameters;
    }

    private static string Sign(string url, Dictionary<string, string> parameters, string authToken = FakeTwilio.AuthToken) =>
        TwilioRequests.Sign(authToken, url, parameters);

    /// <summary>The callback as it reaches the app behind a proxy that rewrote the host.</summary>
    private static HttpRequest Callback(string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature) =>
        TwilioRequests.Post("/api/twilio/status", new Uri(url).Query, parameters, signature);

    /// <summary>Posts a callback to <paramref name="url"/> signed as Twilio signs it.</summary>
    private Task<IResult> PostSignedAsync(string url, Dictionary<string, string> parameters) =>
        Endpoints.PostAsync(Callback(url, parameters, Sign(url, parameters)), CancellationToken.None);

    private static int StatusOf(IResult result) => Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode ?? 200;

    [Fact]
    public void Sign_TwilioDocumentedExample_Matches()
    {
        var parameters = new Dictionary<string, string>
        {
            ["To"] = "+18005551212",
            ["CallSid"] = "CA1234567890ABCDE",
            ["Digits"] = "1234",
            ["From"] = "+12349013030",
            ["Caller"] = "+12349013030",
        };

        Assert.Equal("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", TwilioRequests.Sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters));
    }

    [Theory]
    [InlineData("delivered", null, null)]
    [InlineData("undelivered", "30003", "Twilio 30003")]
    [InlineData("failed", "30008", "Twilio 30008")]
    public async Task Post_SignedFinalStatus_RecordsDeliveryOnTheStep(string status, string? errorCode, string? detail)
    {
        var (enrollment, callbackUrl, sid) = await SendAsync();
        var parameters = Parameters(sid, status, errorCode);

        var result = await PostSignedAsync(callbackUrl, parameters);

        Assert.Equal(StatusCodes.Status204NoContent, StatusOf(result));
        var step = (await engine.ReadAsync(enrollment.Id))!.Steps[0];
        Assert.Equal(status, step.Delivery);
        Assert.Equal(detail, step.DeliveryDetail);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("other token")]
    [InlineData("host url")]
    [InlineData("tampered")]
    public async Task Post_BadSignature_Is401AndRecordsNothing(string kind)
    {
        var (enrollment, callbackUrl, sid) = await SendAsync();
        var parameters = Parameters(sid, "delivered");
        var signature = kind switch
        {
            "missing" => null,
            "other token" => Sign(callbackUrl, parameters, authToken: "another-token"),
            "host url" => Sign("http://10.0.0.4:8080/api/twilio/status" + new Uri(callbackUrl).Query, parameters),
            _ => Sign(callbackUrl, Parameters(sid, "failed")),
        };

        var result = await Endpoints.PostAsync(Callback(callbackUrl, parameters, signature), CancellationToken.None);

        Assert.Equal(StatusCodes.Status401Unauthorized, StatusOf(result));
        Assert.Equal("application/problem+json", Assert.IsType<ProblemHttpResult>(result).ContentType);
        Assert.Null((await engine.ReadAsync(enrollment.Id))!.Steps[0].Delivery);
    }

    [Theory]
    [InlineData("joined by commas", StatusCodes.Status204NoContent)]
    [InlineData("one pair a value", StatusCodes.Status401Unauthorized)]
    public async Task Post_RepeatedFormKey_IsCheckedWithItsValuesJoinedByCommas(string signing, int expected)
    {
        var (enrollment, callbackUrl, sid) = await SendAsync();
        var parameters = Parameters(sid, "delivered");
        var posted = parameters.Append(KeyValuePair.Create("Tag", "b")).Append(KeyValuePair.Create("Tag", "a")).ToList();
        var signature = signing == "joined by commas"
            ? Sign(callbackUrl, new Dictionary<string, string>(parameters) { ["Tag"] = "b,a" })
            : TwilioRequests.Sign(FakeTwilio.AuthToken, callbackUrl, posted.OrderBy(p => p.Value, StringComparer.Ordinal));

        var result = await Endpoints.PostAsync(Callback(callbackUrl, posted, signature), CancellationToken.None);

        Assert.Equal(expected, StatusOf(result));
        Assert.Equal(expected == StatusCodes.Status204NoContent ? "delivered" : null, (await engine.ReadAsync(enrollment.Id))!.Steps[0].Delivery);
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("accepted")]
    [InlineData("sending")]
    [InlineData("sent")]
    public async Task Post_IntermediateStatus_Is204AndRecordsNothing(string status)
    {
        var (enrollment, callbackUrl, sid) = await SendAsync();
        var parameters = Parameters(sid, status);

        var result = await PostSignedAsync(callbackUrl, parameters);

        Assert.Equal(StatusCodes.Status204NoContent, StatusOf(result));
        Assert.Null((await engine.ReadAsync(enrollment.Id))!.Steps[0].Delivery);
    }

    [Theory]
    [InlineData("enrollment")]
    [InlineData("step")]
    public async Task Post_MissingQueryField_Is400NamingIt(string field)
    {
        var url = $"{TwilioEngine.PublicBaseUrl}/api/twilio/status?" + (field == "step" ? "enrollment=abcdefghjkmn-0123456789" : "step=first");
        var parameters = Parameters("SM1", "delivered");

        var result = await PostSignedAsync(url, parameters);

        Assert.Equal(StatusCodes.Status400BadRequest, StatusOf(result));
        Assert.Contains(field, Assert.IsType<ValidationProblem>(result).ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("abcdefghjkmn-0123456789", "first")]
    [InlineData("not-an-enrollment", "first")]
    public async Task Post_UnknownStep_Is204SoTwilioDoesNotRetry(string enrollmentId, string stepId)
    {
        var url = TwilioStatusEndpoints.CallbackUrl(new Uri(TwilioEngine.PublicBaseUrl), new SendKey(enrollmentId, stepId));
        var parameters = Parameters("SM1", "delivered");

        var result = await PostSignedAsync(url, parameters);

        Assert.Equal(StatusCodes.Status204NoContent, StatusOf(result));
    }

    [Fact]
    public async Task Post_OtherMessageSid_RecordsNothing()
    {
        var (enrollment, callbackUrl, _) = await SendAsync();
        var parameters = Parameters("SM-not-this-one", "delivered");

        var result = await PostSignedAsync(callbackUrl, parameters);

        Assert.Equal(StatusCodes.Status204NoContent, StatusOf(result));
        Assert.Null((await engine.ReadAsync(enrollment.Id))!.Steps[0].Delivery);
    }

    [Fact]
    public async Task Post_TwilioNotConfigured_Is404()
    {
        var endpoints = new TwilioStatusEndpoints(engine.Harness.Get<DeliveryTracking>(), Options.Create(new FollowUpOptions()), NullLogger<TwilioStatusEndpoints>.Instance);
        var url = $"{TwilioEngine.PublicBaseUrl}/api/twilio/status?enrollment=abcdefghjkmn-0123456789&step=first";
        var parameters = Parameters("SM1", "delivered");

        var result = await endpoints.PostAsync(Callback(url, parameters, Sign(url, parameters)), CancellationToken.None);

        Assert.Equal(StatusCodes.Status404NotFound, StatusOf(result));
    }
}
