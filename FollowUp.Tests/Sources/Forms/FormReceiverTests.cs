using System.Text;
using System.Text.Json;
using FollowUp.Engine;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static FollowUp.Tests.Sources.Forms.FormRequests;

namespace FollowUp.Tests.Sources.Forms;

public sealed class FormReceiverTests : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Boundary = "----WebKitFormBoundaryePkpFF7tjBAqx29L";
    private const string MultipartType = "multipart/form-data; boundary=" + Boundary;
    private const string AllowedOrigin = "https://acme.example";

    private static readonly FormSettings CustomSettings = new(
        null,
        [AllowedOrigin],
        "website",
        new FormFields(Email: "your-email", Phone: "tel", Name: "full_name", FirstName: "given", LastName: "family"));

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    private readonly FollowUpStorage storage;

    private readonly FormReceiver receiver;

    /// <summary>A receiver whose rate cap counts in the Azurite of the class, at most 10 submissions per client a minute.</summary>
    public FormReceiverTests(AzuriteFixture azurite)
    {
        storage = new FollowUpStorage(new ConfigurationBuilder()
            .AddInMemoryCollection(azurite.Settings)
            .Build());
        var options = Options.Create(new FollowUpOptions { Forms = new FormsOptions { PerClient = RateLimit.Of(10, TimeSpan.FromMinutes(1)) } });
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var captchas = new CaptchaVerifier(httpClients, new ConfigurationBuilder().Build(), options, NullLogger<CaptchaVerifier>.Instance);
        receiver = new FormReceiver(new FormRateCap(storage, clock, options), captchas);
    }

    public Task InitializeAsync() => storage.EnsureCreatedAsync(CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A multipart body as a browser writes it; a part with a file name is a file input.</summary>
    private static string Multipart(params (string Name, string? FileName, string Value)[] parts)
    {
        var body = new StringBuilder();
        foreach (var (name, fileName, value) in parts)
        {
            body.Append($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"");
            body.Append(fileName is null ? "\r\n" : $"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream\r\n");
            body.Append($"\r\n{value}\r\n");
        }

        return body.Append($"--{Boundary}--\r\n").ToString();
    }

    private static ReceivedDelivery.Accepted AcceptedFrom(ReceivedDelivery delivery)
    {
        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(delivery);
        Assert.Null(accepted.DeliveryId);
        Assert.Null(accepted.EnrollmentKey);
        Assert.Equal("submit", accepted.Trigger);
        return accepted;
    }

    /// <summary>Writes the refusal; returns its status and the fields its problem names.</summary>
    private static async Task<(int Status, string[] Fields)> RefusalOf(ReceivedDelivery delivery, HttpRequest request)
    {
        var refused = Assert.IsType<ReceivedDelivery.Refused>(delivery);
        var (status, _, body) = await ExecuteAsync(refused.Problem, request);
        using var problem = JsonDocument.Parse(body);
        string[] fields = problem.RootElement.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateObject().Select(error => error.Name)]
            : [];
        return (status, fields);
    }

    [Fact]
    public async Task Receive_UrlEncoded_MapsContactAndDataWithoutTheHoneypot()
    {
        var request = Post(UrlEncoded, "email=ada%40example.com&phone=%2B447911123456&name=Ada+King+Lovelace&company=Analytical+Engines&topics=math&topics=poetry&_gotcha=");

        var accepted = AcceptedFrom(await receiver.ReceiveAsync(request, Source()));

        Assert.Equal(new ContactRequest("ada@example.com", "+447911123456", "Ada", "King Lovelace", null), accepted.Contact);
        Assert.Equal("""{"company":"Analytical Engines","topics":["math","poetry"]}""", accepted.Data.GetRawText());
    }

    [Fact]
    public async Task Receive_CaptchaTokens_StayOutOfTheData()
    {
        var request = Post(UrlEncoded, "email=ada%40example.com&cf-turnstile-response=t1&H-Captcha-Response=t2&g-recaptcha-response=t3&plan=pro");

        var accepted = AcceptedFrom(await receiver.ReceiveAsync(request, Source()));

        Assert.Equal("""{"plan":"pro"}""", accepted.Data.GetRawText());
    }

    [Fact]
    public async Task Receive_Multipart_MapsCustomFieldNamesAndSkipsFileParts()
    {
        var request = Post(MultipartType, Multipart(
            ("Your-Email", null, " ada@example.com "),
            ("given", null, "Ada"),
            ("family", null, "Lovelace"),
            ("full_name", null, "Augusta Ada King"),
            ("message", null, "Über — naïve café"),
            ("cv", "cv.txt", "not stored"),
            ("photo", "", ""),
            ("interest", null, "sms"),
            ("interest", null, "email"),
            ("website", null, "")));

        var accepted = AcceptedFrom(await receiver.ReceiveAsync(request, Source(CustomSettings)));

        Assert.Equal(new ContactRequest("ada@example.com", null, "Ada", "Lovelace", null), accepted.Contact);
        Assert.Equal(["message", "interest"], accepted.Data.EnumerateObject().Select(property => property.Name));
        Assert.Equal("Über — naïve café", accepted.Data.GetProperty("message").GetString());
        Assert.Equal(["sms", "email"], accepted.Data.GetProperty("interest").EnumerateArray().Select(value => value.GetString()));
    }

    [Theory]
    [InlineData("name=Ada", "Ada", null)]
    [InlineData("name=Ada+King+Lovelace", "Ada", "King Lovelace")]
    [InlineData("name=++Ada+++Lovelace+", "Ada", "Lovelace")]
    [InlineData("name=Ada+Lovelace&first_name=Augusta", "Augusta", null)]
    [InlineData("name=Ada+Lovelace&last_name=King", null, "King")]
    [InlineData("name=+", null, null)]
    public async Task Receive_Name_IsSplitWhenFirstAndLastNamesAreAbsent(string nameFields, string? firstName, string? lastName)
    {
        var accepted = AcceptedFrom(await receiver.ReceiveAsync(Post(UrlEncoded, "email=ada%40example.com&" + nameFields), Source()));

        Assert.Equal(firstName, accepted.Contact!.FirstName);
        Assert.Equal(lastName, accepted.Contact.LastName);
        Assert.Empty(accepted.Data.EnumerateObject());
    }

    [Fact]
    public async Task Receive_PhoneOnly_IsAccepted()
    {
        var accepted = AcceptedFrom(await receiver.ReceiveAsync(Post(UrlEncoded, "email=&phone=%2B14155550123"), Source()));

        Assert.Equal(new ContactRequest(null, "+14155550123", null, null, null), accepted.Contact);
    }

    [Theory]
    [InlineData(null, "email=bot%40example.com&_gotcha=http%3A%2F%2Fspam.example")]
    [InlineData(null, "email=bot%40example.com&_GOTCHA=x")]
    [InlineData(null, "_gotcha=x")]
    [InlineData("website", "your-email=bot%40example.com&website=http%3A%2F%2Fspam.example")]
    public async Task Receive_HoneypotFilled_IsIgnored(string? honeypot, string body)
    {
        var source = Source(honeypot is null ? null : CustomSettings);

        var ignored = Assert.IsType<ReceivedDelivery.Ignored>(await receiver.ReceiveAsync(Post(UrlEncoded, body), source));

        Assert.Equal("honeypot", ignored.Reason);
    }

    [Theory]
    [InlineData(null, "name=Ada&message=Hello", "email")]
    [InlineData(null, "email=+&phone=&name=Ada", "email")]
    [InlineData("custom", "email=ada%40example.com&given=Ada", "your-email")]
    [InlineData(null, "", "email")]
    public async Task Receive_NoEmailNorPhone_Is400NamingTheFormsEmailField(string? settings, string body, string field)
    {
        var request = Post(UrlEncoded, body);

        var (status, fields) = await RefusalOf(await receiver.ReceiveAsync(request, Source(settings is null ? null : CustomSettings)), request);

        Assert.Equal(400, status);
        Assert.Equal([field], fields);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8")]
    [InlineData("Application/X-WWW-Form-Urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=no-such-charset")]
    public async Task Receive_UrlEncodedContentTypeVariants_ReadAsUtf8(string contentType)
    {
        var accepted = AcceptedFrom(await receiver.ReceiveAsync(Post(contentType, "email=ada%40example.com&city=K%C3%B6ln"), Source()));

        Assert.Equal("ada@example.com", accepted.Contact!.Email);
        Assert.Equal("Köln", accepted.Data.GetProperty("city").GetString());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("")]
    public async Task Receive_OtherContentType_Is415(string contentType)
    {
        var request = Post(contentType, """{"email":"ada@example.com"}""");

        var (status, _) = await RefusalOf(await receiver.ReceiveAsync(request, Source()), request);

        Assert.Equal(415, status);
    }

    [Theory]
    [InlineData(UrlEncoded)]
    [InlineData(MultipartType)]
    public async Task Receive_MoreThan100Fields_Is400NamingTheFirstFieldOver(string contentType)
    {
        var parts = Enumerable.Range(0, 101).Select(i => ($"field{i}", (string?)null, "x")).Prepend(("email", null, "ada@example.com")).ToArray();
        var body = contentType == UrlEncoded ? string.Join('&', parts.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item3)}")) : Multipart(parts);
        var request = Post(contentType, body);

        var (status, fields) = await RefusalOf(await receiver.ReceiveAsync(request, Source()), request);

        Assert.Equal(400, status);
        Assert.Equal(["field99"], fields);
    }

    [Theory]
    [InlineData(10_000, null)]
    [InlineData(10_001, 400)]
    public async Task Receive_LongValue_Is400NamingTheFieldOverTheCap(int length, int? expected)
    {
        var request = Post(MultipartType, Multipart(("email", null, "ada@example.com"), ("message", null, new string('é', length))));

        var delivery = await receiver.ReceiveAsync(request, Source());

        if (expected is null)
        {
            Assert.Equal(length, AcceptedFrom(delivery).Data.GetProperty("message").GetString()!.Length);
            return;
        }

        var (status, fields) = await RefusalOf(delivery, request);
        Assert.Equal(expected, status);
        Assert.Equal(["message"], fields);
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nada@example.com\r\n--x--\r\n")]
    [InlineData(MultipartType, "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nada@example.com")]
    public async Task Receive_MalformedMultipart_Is400(string contentType, string body)
    {
        var request = Post(contentType, body);

        var (status, fields) = await RefusalOf(await receiver.ReceiveAsync(request, Source()), request);

        Assert.Equal(400, status);
        Assert.Equal(["body"], fields);
    }

    [Fact]
    public async Task Receive_OverTheRateCap_Is429WithRetryAfterUntilTheWindowEnds()
    {
        var source = Source();
        Task<ReceivedDelivery> SubmitAsync(string client = ClientAddress) => receiver.ReceiveAsync(Post(UrlEncoded, "email=ada%40example.com", client), source);
        for (var i = 0; i < 10; i++)
        {
            AcceptedFrom(await SubmitAsync());
        }

        clock.Advance(TimeSpan.FromSeconds(45));
        var request = Post(UrlEncoded, "email=ada%40example.com");
        var refused = Assert.IsType<ReceivedDelivery.Refused>(await receiver.ReceiveAsync(request, source));
        var (status, headers, _) = await ExecuteAsync(refused.Problem, request);

        Assert.Equal(429, status);
        Assert.Equal("15", headers.RetryAfter);
        AcceptedFrom(await SubmitAsync("198.51.100.20"));
        AcceptedFrom(await receiver.ReceiveAsync(Post(UrlEncoded, "email=ada%40example.com"), Source()));
        clock.Advance(TimeSpan.FromSeconds(15));
        AcceptedFrom(await SubmitAsync());
    }

    [Theory]
    [InlineData("https://acme.example", true)]
    [InlineData("https://ACME.Example", true)]
    [InlineData("https://acme.example:443", true)]
    [InlineData("http://acme.example", false)]
    [InlineData("https://acme.example:8443", false)]
    [InlineData("https://acme.example.evil.test", false)]
    [InlineData("https://www.acme.example", false)]
    [InlineData("null", false)]
    [InlineData(null, false)]
    public async Task Answer_AllowsOnlyTheListedOrigins(string? origin, bool allowed)
    {
        var source = Source(CustomSettings);
        var request = Post(UrlEncoded, "your-email=ada%40example.com", origin: origin);
        AcceptedFrom(await receiver.ReceiveAsync(request, source));

        var (_, headers, _) = await ExecuteAsync(receiver.Answer(source, new DeliveryOutcome(false, false, "e-1", [])), request);

        Assert.Equal(allowed ? origin : null, (string?)headers.AccessControlAllowOrigin);
        Assert.Equal("Origin", headers.Vary);
    }

    [Theory]
    [InlineData(AllowedOrigin, AllowedOrigin)]
    [InlineData("https://elsewhere.example", null)]
    public async Task Receive_Refusal_CarriesCorsHeadersForAnAllowedOrigin(string origin, string? allowOrigin)
    {
        var request = Post("application/json", "{}", origin: origin);
        var refused = Assert.IsType<ReceivedDelivery.Refused>(await receiver.ReceiveAsync(request, Source(CustomSettings)));

        var (status, headers, _) = await ExecuteAsync(refused.Problem, request);

        Assert.Equal(415, status);
        Assert.Equal(allowOrigin, (string?)headers.AccessControlAllowOrigin);
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_Is204AllowingPostWithContentType()
    {
        var request = FormRequests.Preflight(AllowedOrigin);

        var (status, headers, body) = await ExecuteAsync(receiver.Preflight(request, Source(CustomSettings)), request);

        Assert.Equal(204, status);
        Assert.Equal(AllowedOrigin, headers.AccessControlAllowOrigin);
        Assert.Equal("POST", headers.AccessControlAllowMethods);
        Assert.Equal("Content-Type", headers.AccessControlAllowHeaders);
        Assert.Equal("600", headers.AccessControlMaxAge);
        Assert.Equal("Origin", headers.Vary);
        Assert.Empty(body);
    }

    [Theory]
    [InlineData("https://elsewhere.example", true)]
    [InlineData(AllowedOrigin, false)]
    public async Task Preflight_OriginNotAllowed_Is403WithoutCorsHeaders(string origin, bool customSettings)
    {
        var request = FormRequests.Preflight(origin);

        var (status, headers, _) = await ExecuteAsync(receiver.Preflight(request, Source(customSettings ? CustomSettings : null)), request);

        Assert.Equal(403, status);
        Assert.False(headers.ContainsKey("Access-Control-Allow-Origin"));
        Assert.False(headers.ContainsKey("Access-Control-Allow-Methods"));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Answer_WithRedirect_Is303ToIt(bool duplicate, bool ignored)
    {
        var source = Source(CustomSettings with { RedirectUrl = new Uri("https://acme.example/thanks?from=form") });

        var (status, headers, body) = await ExecuteAsync(receiver.Answer(source, new DeliveryOutcome(duplicate, ignored, null, [])), Post(UrlEncoded, ""));

        Assert.Equal(303, status);
        Assert.Equal("https://acme.example/thanks?from=form", headers.Location);
        Assert.Empty(body);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Answer_WithoutRedirect_IsASelfContainedConfirmationPage(bool duplicate, bool ignored)
    {
        var (status, headers, body) = await ExecuteAsync(receiver.Answer(Source(), new DeliveryOutcome(duplicate, ignored, null, [])), Post(UrlEncoded, ""));

        Assert.Equal(200, status);
        Assert.Equal("text/html; charset=utf-8", headers.ContentType);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'", headers.ContentSecurityPolicy);
        Assert.Contains("<html lang=\"en\">", body, StringComparison.Ordinal);
        Assert.Contains("<h1>Thank you — we got your message.</h1>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
    }
}
