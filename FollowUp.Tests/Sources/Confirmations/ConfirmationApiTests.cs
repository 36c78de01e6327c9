using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Signing;
using FollowUp.Engine.Sources.Confirmations;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FollowUp.Tests.Sources.Confirmations;

/// <summary>FollowUp.Local with a public address, so that confirmation links can be made.</summary>
public sealed class ConfirmingAppFixture : LocalAppFixture
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["FollowUp:PublicBaseUrl"] = "https://followup.acme.example";
}

public sealed partial class ConfirmationApiTests(ConfirmingAppFixture local) : IClassFixture<ConfirmingAppFixture>
{
    private async Task<string> FormSourceAsync(bool? doubleOptIn = null)
    {
        var sequence = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequence}", SequenceJson.Sequence("Lead", true, SequenceJson.Sms("hi", "P1D"), SequenceJson.Email("hello", "P1D")))).EnsureSuccessStatusCode();
        var source = TestData.Id("form");
        var response = await local.Http.PutAsJsonAsync($"/api/sources/{source}", new { kind = "form", on = new { submit = new { enroll = sequence } }, doubleOptIn });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return source;
    }

    private Task<HttpResponseMessage> SubmitAsync(string source, Dictionary<string, string> fields) =>
        local.Http.PostAsync($"/api/sources/{source}/deliveries", new FormUrlEncodedContent(fields));

    private async Task<int> EnrollmentsOfAsync(string address)
    {
        var response = await local.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(address)}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? 0
            : JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("enrollments").GetArrayLength();
    }

    /// <summary>The text of the one outbox message that went to <paramref name="address"/>: an SMS's text, or an email's plain-text part.</summary>
    private async Task<string> MessageToAsync(string address)
    {
        foreach (var file in local.Outbox.Files())
        {
            var text = file.EndsWith(".eml", StringComparison.Ordinal)
                ? (await MimeMessage.LoadAsync(file)) is var email && email.To.Mailboxes.Any(m => m.Address == address) ? $"{email.Subject}\n{email.TextBody}" : null
                : await File.ReadAllTextAsync(file) is var json && json.Contains(address, StringComparison.Ordinal) ? JsonDocument.Parse(json).RootElement.GetProperty("text").GetString() : null;
            if (text is not null)
            {
                return text;
            }
        }

        Assert.Fail("No message went to the address.");
        return "";
    }

    private static string LinkIn(string message)
    {
        var match = ConfirmLink().Match(message);
        Assert.True(match.Success, "The message holds no confirmation link.");
        Assert.StartsWith("https://followup.acme.example/api/confirm?t=", match.Value, StringComparison.Ordinal);
        return new Uri(match.Value).PathAndQuery;
    }

    [Fact]
    public async Task Submit_WithPhone_HoldsTheSubmissionAndTextsOnlyALink()
    {
        var source = await FormSourceAsync();
        var phone = TestData.Phone();

        var response = await SubmitAsync(source, new() { ["phone"] = phone, ["note"] = "claim now http://evil.example" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("please confirm", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await EnrollmentsOfAsync(phone));
        var text = await MessageToAsync(phone);
        LinkIn(text);
        Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_GetAsksPostEnrollsOnce()
    {
        var source = await FormSourceAsync();
        var phone = TestData.Phone();
        await SubmitAsync(source, new() { ["phone"] = phone, ["name"] = "Ann Lee" });
        var link = LinkIn(await MessageToAsync(phone));

        var page = await local.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await EnrollmentsOfAsync(phone));

        var confirmed = await local.Http.PostAsync(link, null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("you are confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await EnrollmentsOfAsync(phone));

        Assert.Equal(HttpStatusCode.OK, (await local.Http.PostAsync(link, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await local.Http.GetAsync(link)).StatusCode);
        Assert.Equal(1, await EnrollmentsOfAsync(phone));
    }

    [Fact]
    public async Task Submit_SamePhoneFromManyForms_TextsItAtMostThreeLinksADay()
    {
        var phone = TestData.Phone();

        for (var i = 0; i < 5; i++)
        {
            var response = await SubmitAsync(await FormSourceAsync(), new() { ["phone"] = phone });
            Assert.Contains("please confirm", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(3, local.Outbox.Files("*.json").Count(file => File.ReadAllText(file).Contains(phone, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Submit_EmailOnly_EnrollsAtOnceByDefault()
    {
        var source = await FormSourceAsync();
        var email = TestData.Email();

        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(source, new() { ["email"] = email })).StatusCode);

        Assert.Equal(1, await EnrollmentsOfAsync(email));
    }

    [Fact]
    public async Task Submit_EmailOnlyWithDoubleOptIn_IsConfirmedByEmail()
    {
        var source = await FormSourceAsync(doubleOptIn: true);
        var email = TestData.Email();

        await SubmitAsync(source, new() { ["email"] = email });
        Assert.Equal(0, await EnrollmentsOfAsync(email));
        var message = await MessageToAsync(email);
        Assert.StartsWith(ConfirmationRequests.EmailSubject, message, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await local.Http.PostAsync(LinkIn(message), null)).StatusCode);
        Assert.Equal(1, await EnrollmentsOfAsync(email));
    }

    [Fact]
    public async Task Submit_PhoneWithDoubleOptInOff_EnrollsAtOnce()
    {
        var source = await FormSourceAsync(doubleOptIn: false);
        var phone = TestData.Phone();

        await SubmitAsync(source, new() { ["phone"] = phone });

        Assert.Equal(1, await EnrollmentsOfAsync(phone));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?t=")]
    [InlineData("?t=not-a-token")]
    [InlineData("?t=AAAA.BBBB")]
    public async Task Confirm_MissingOrForgedToken_Is400(string query)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await local.Http.GetAsync("/api/confirm" + query)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await local.Http.PostAsync("/api/confirm" + query, null)).StatusCode);
    }

    /// <summary>Stores a pending confirmation of <paramref name="phone"/> for <paramref name="source"/> directly; returns its id.</summary>
    private async Task<string> PendingAsync(string source, string phone, DateTimeOffset expiresUtc)
    {
        var id = TestData.Id("confirmation");
        await local.Services.GetRequiredService<ConfirmationStore>().AddAsync(
            new PendingConfirmation(id, source, new ContactRequest(null, phone, null, null, null), JsonDocument.Parse("{}").RootElement, expiresUtc, null),
            CancellationToken.None);
        return id;
    }

    [Fact]
    public async Task Confirm_TokenSignedForAnotherPurpose_Is400AndEnrollsNothing()
    {
        var phone = TestData.Phone();
        var id = await PendingAsync(await FormSourceAsync(), phone, DateTimeOffset.UtcNow.AddDays(1));
        var foreign = local.Services.GetRequiredService<TokenSigner>().Sign("unsubscribe", id);

        var response = await local.Http.PostAsync("/api/confirm?t=" + Uri.EscapeDataString(foreign), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await EnrollmentsOfAsync(phone));
        var own = local.Services.GetRequiredService<ConfirmationLinks>().For(id)!.PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await local.Http.PostAsync(own, null)).StatusCode);
        Assert.Equal(1, await EnrollmentsOfAsync(phone));
    }

    [Fact]
    public async Task Confirm_Expired_Is410AndEnrollsNothing()
    {
        var phone = TestData.Phone();
        var id = await PendingAsync(await FormSourceAsync(), phone, DateTimeOffset.UtcNow.AddMinutes(-1));
        var link = local.Services.GetRequiredService<ConfirmationLinks>().For(id)!.PathAndQuery;

        Assert.Equal(HttpStatusCode.Gone, (await local.Http.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await local.Http.PostAsync(link, null)).StatusCode);
        Assert.Equal(0, await EnrollmentsOfAsync(phone));
    }

    [GeneratedRegex(@"https://\S+/api/confirm\?t=[A-Za-z0-9%._~-]+")]
    private static partial Regex ConfirmLink();
}
