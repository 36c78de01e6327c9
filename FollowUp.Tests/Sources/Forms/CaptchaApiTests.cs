using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FollowUp.Tests.Sources.Forms;

/// <summary>FollowUp.Local whose CAPTCHA providers are one loopback fake, at <c>/turnstile</c> and <c>/hcaptcha</c>.</summary>
public sealed class CaptchaAppFixture : LocalAppFixture
{
    public const string SecretSetting = "FollowUp:Sources:Secrets:AcmeCaptcha";

    public const string Secret = "0x-test-captcha-secret-7c1e";

    private LoopbackHttpServer? provider;

    public LoopbackHttpServer Provider => provider ?? throw new InvalidOperationException("The fake provider has not started.");

    public override async Task InitializeAsync()
    {
        provider = await LoopbackHttpServer.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["FollowUp:Forms:TurnstileVerifyUrl"] = new Uri(Provider.BaseUrl, "/turnstile").AbsoluteUri;
        settings["FollowUp:Forms:HcaptchaVerifyUrl"] = new Uri(Provider.BaseUrl, "/hcaptcha").AbsoluteUri;
        settings[SecretSetting] = Secret;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }
    }
}

public sealed class CaptchaApiTests(CaptchaAppFixture local) : IClassFixture<CaptchaAppFixture>
{
    private static IResult Verdict(bool success, string? hostname = "acme.example", params string[] errorCodes) =>
        Results.Json(new Dictionary<string, object?> { ["success"] = success, ["error-codes"] = errorCodes, ["hostname"] = hostname, ["challenge_ts"] = "2030-01-01T00:00:00Z" });

    private async Task<string> FormSourceAsync(string provider = "turnstile", string[]? hostnames = null)
    {
        var sequence = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequence}", SequenceJson.Sequence("Lead", true, SequenceJson.Email("thanks", "P1D")))).EnsureSuccessStatusCode();
        var source = TestData.Id("form");
        var response = await local.Http.PutAsJsonAsync($"/api/sources/{source}", new
        {
            kind = "form",
            on = new { submit = new { enroll = sequence } },
            captcha = new { provider, secretSetting = CaptchaAppFixture.SecretSetting, hostnames },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return source;
    }

    private Task<HttpResponseMessage> SubmitAsync(string source, string email, params (string Name, string Value)[] extra)
    {
        var fields = new Dictionary<string, string> { ["email"] = email };
        foreach (var (name, value) in extra)
        {
            fields[name] = value;
        }

        return local.Http.PostAsync($"/api/sources/{source}/deliveries", new FormUrlEncodedContent(fields));
    }

    /// <summary>Asserts a problem naming only <paramref name="field"/>, and that the submission stored no contact.</summary>
    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field, string email)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([field], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.DoesNotContain(CaptchaAppFixture.Secret, problem.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/contacts/{email}")).StatusCode);
    }

    private int CallsTo(string path) => local.Provider.Requests.Count(r => r.PathAndQuery == path);

    [Fact]
    public async Task Put_FormWithCaptcha_KeepsTheSettingNameButNotTheSecret()
    {
        var source = await FormSourceAsync(hostnames: ["Acme.Example"]);

        var got = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sources/{source}")).RootElement;

        var captcha = got.GetProperty("captcha");
        Assert.Equal("turnstile", captcha.GetProperty("provider").GetString());
        Assert.Equal(CaptchaAppFixture.SecretSetting, captcha.GetProperty("secretSetting").GetString());
        Assert.Equal(["acme.example"], captcha.GetProperty("hostnames").EnumerateArray().Select(h => h.GetString()));
        Assert.DoesNotContain(CaptchaAppFixture.Secret, got.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FollowUp:SigningKey", "captcha.secretSetting")]
    [InlineData("FOLLOWUP_TEST_WEBHOOK_SECRET", "captcha.secretSetting")]
    [InlineData("FollowUp:Sources:Secrets:NotSet", "captcha.secretSetting")]
    public async Task Put_CaptchaSecretOutsideTheSecretsSectionOrUnset_Is400(string setting, string field)
    {
        var response = await local.Http.PutAsJsonAsync($"/api/sources/{TestData.Id("form")}", new
        {
            kind = "form",
            on = new { submit = new { @event = "lead" } },
            captcha = new { provider = "hcaptcha", secretSetting = setting },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([field], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Submit_WithoutToken_Is400NamingTheFieldAndAsksNoProvider()
    {
        var source = await FormSourceAsync();
        var calls = CallsTo("/turnstile");
        var email = TestData.Email();

        await AssertRefusedAsync(await SubmitAsync(source, email), HttpStatusCode.BadRequest, "cf-turnstile-response", email);
        Assert.Equal(calls, CallsTo("/turnstile"));
    }

    [Fact]
    public async Task Submit_TokenTheProviderRefuses_Is403NamingTheFieldAndStoresNothing()
    {
        var source = await FormSourceAsync();
        local.Provider.Handler = request => request.PathAndQuery == "/turnstile" ? Verdict(false, null, "invalid-input-response") : Results.NotFound();
        var email = TestData.Email();

        await AssertRefusedAsync(await SubmitAsync(source, email, ("cf-turnstile-response", "forged")), HttpStatusCode.Forbidden, "cf-turnstile-response", email);
    }

    [Fact]
    public async Task Submit_TokenSolvedOnAnotherSite_Is403()
    {
        var source = await FormSourceAsync(hostnames: ["acme.example"]);
        local.Provider.Handler = _ => Verdict(true, "evil.example");
        var email = TestData.Email();

        await AssertRefusedAsync(await SubmitAsync(source, email, ("cf-turnstile-response", "token")), HttpStatusCode.Forbidden, "cf-turnstile-response", email);
    }

    [Fact]
    public async Task Submit_ProviderDown_Is503AndStoresNothing()
    {
        var source = await FormSourceAsync();
        local.Provider.Handler = _ => Results.StatusCode(500);
        var email = TestData.Email();

        var response = await SubmitAsync(source, email, ("cf-turnstile-response", "token"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/contacts/{email}")).StatusCode);
    }

    [Theory]
    [InlineData("turnstile", "/turnstile", "cf-turnstile-response")]
    [InlineData("hcaptcha", "/hcaptcha", "h-captcha-response")]
    public async Task Submit_TokenTheProviderConfirms_EnrollsAfterPostingSecretTokenAndAddress(string provider, string path, string field)
    {
        var source = await FormSourceAsync(provider, ["acme.example"]);
        local.Provider.Handler = request => request.PathAndQuery == path ? Verdict(true) : Results.NotFound();
        var email = TestData.Email();
        var token = "XXXX.DUMMY.TOKEN." + Guid.NewGuid().ToString("N");

        var response = await SubmitAsync(source, email, (field, token), ("interest", "kettles"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = local.Provider.Requests.Last(r => r.PathAndQuery == path);
        Assert.Equal("POST", call.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", call.Headers["Content-Type"], StringComparison.Ordinal);
        var form = QueryHelpers.ParseQuery(call.Body);
        Assert.Equal(CaptchaAppFixture.Secret, form["secret"].ToString());
        Assert.Equal(token, form["response"].ToString());
        Assert.Equal("127.0.0.1", form["remoteip"].ToString());
        var contact = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/contacts/{email}")).RootElement;
        var enrollmentId = contact.GetProperty("enrollments")[0].GetProperty("enrollmentId").GetString();
        Assert.NotNull(enrollmentId);
    }
}
