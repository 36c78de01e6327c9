using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.Typeform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FollowUp.Tests.Sources.Typeform;

/// <summary>Typeform deliveries: the signature, the envelope, and how answers become a contact and data.</summary>
public sealed class TypeformReceiverTests
{
    private const string Secret = "9f3c1a7e5b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f";

    private static readonly Source Source = new(
        "fitting-leads",
        SourceKind.Typeform,
        "ACME_TYPEFORM_SECRET",
        new Dictionary<string, SourceAction> { ["form_response"] = new("new-lead", null) },
        Form: null,
        DateTimeOffset.UnixEpoch);

    private readonly TypeformReceiver receiver = new();

    /// <summary>Typeform's signature, computed as its documentation says: HMAC-SHA256 of the raw body keyed with the secret, base64, prefixed with <c>sha256=</c>.</summary>
    private static string Sign(byte[] body, string secret = Secret) =>
        "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private Task<ReceivedDelivery> ReceiveAsync(byte[] body, string? signature, string? secret = Secret)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.ContentType = "application/json";
        if (signature is not null)
        {
            request.Headers[TypeformReceiver.SignatureHeader] = signature;
        }

        return receiver.ReceiveAsync(request, body, Source, secret, CancellationToken.None);
    }

    private async Task<ReceivedDelivery.Accepted> AcceptedAsync(string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        return Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveAsync(body, Sign(body)));
    }

    private static int StatusOf(ReceivedDelivery delivery) =>
        Assert.IsAssignableFrom<IStatusCodeHttpResult>(Assert.IsType<ReceivedDelivery.Refused>(delivery).Problem).StatusCode ?? 200;

    private static IEnumerable<string> InvalidFields(ReceivedDelivery delivery)
    {
        Assert.Equal(StatusCodes.Status400BadRequest, StatusOf(delivery));
        return Assert.IsType<ValidationProblem>(((ReceivedDelivery.Refused)delivery).Problem).ProblemDetails.Errors.Keys;
    }

    [Fact]
    public async Task Receive_DocumentedExample_IsAcceptedWithEventIdTypeAndTypedEmail()
    {
        var accepted = await AcceptedAsync(TypeformPayloads.DocumentedExample);

        Assert.Equal("LtWXD3crgy", accepted.DeliveryId);
        Assert.Equal("form_response", accepted.Trigger);
        Assert.Null(accepted.EnrollmentKey);
        Assert.Equal("laura@example.com", accepted.Contact?.Email);
        Assert.Null(accepted.Contact?.Phone);
        Assert.Null(accepted.Contact?.FirstName);
        Assert.Null(accepted.Contact?.LastName);
    }

    [Fact]
    public async Task Receive_DocumentedExample_DataHoldsEveryOtherAnswerByTheRefOfItsDefinition()
    {
        var data = (await AcceptedAsync(TypeformPayloads.DocumentedExample)).Data;

        Assert.StartsWith("It's cold right now!", data.GetProperty("readable_ref_long_text").GetString());
        Assert.Equal("Laura", data.GetProperty("readable_ref_short_text").GetString());
        Assert.Equal("2005-10-15", data.GetProperty("readable_ref_date").GetString());
        Assert.Equal(["London", "Sydney"], data.GetProperty("readable_ref_picture_choice").EnumerateArray().Select(label => label.GetString()));
        Assert.Equal(5, data.GetProperty("readable_ref_number1").GetInt32());
        Assert.True(data.GetProperty("readable_ref_legal").GetBoolean());
        Assert.Equal("London", data.GetProperty("readable_ref_multiple_choice").GetString());
        Assert.False(data.GetProperty("readable_ref_yes_no").GetBoolean());
        Assert.Equal(2, data.GetProperty("readable_ref_opinion_scale").GetInt32());
        Assert.Equal(3, data.GetProperty("readable_ref_rating").GetInt32());
        Assert.Equal(4, data.GetProperty("readable_ref_number2").GetInt32());
        Assert.Equal("https://calendly.com/scheduled_events/EVENT_TYPE/invitees/INVITEE", data.GetProperty("readable_ref_calendly").GetString());
        Assert.False(data.TryGetProperty("readable_ref_email", out _));
    }

    [Fact]
    public async Task Receive_DocumentedExample_DataHoldsTheFormTokenTimeAndHiddenFields()
    {
        var data = (await AcceptedAsync(TypeformPayloads.DocumentedExample)).Data;

        Assert.Equal("lT4Z3j", data.GetProperty("form_id").GetString());
        Assert.Equal("a3a12ec67a1365927098a606107fac15", data.GetProperty("response_token").GetString());
        Assert.Equal("2018-01-18T18:17:02Z", data.GetProperty("submitted_at").GetString());
        Assert.Equal("abc123456", data.GetProperty("hidden").GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task Receive_NoSignature_IsRefused401()
    {
        var delivery = await ReceiveAsync(Encoding.UTF8.GetBytes(TypeformPayloads.DocumentedExample), signature: null);

        Assert.Equal(StatusCodes.Status401Unauthorized, StatusOf(delivery));
    }

    [Fact]
    public async Task Receive_SignedWithAnotherSecret_IsRefused401()
    {
        var body = Encoding.UTF8.GetBytes(TypeformPayloads.DocumentedExample);

        var delivery = await ReceiveAsync(body, Sign(body, "another-secret"));

        Assert.Equal(StatusCodes.Status401Unauthorized, StatusOf(delivery));
    }

    [Fact]
    public async Task Receive_BodyChangedAfterSigning_IsRefused401()
    {
        var signed = Encoding.UTF8.GetBytes(TypeformPayloads.DocumentedExample);
        var tampered = Encoding.UTF8.GetBytes(TypeformPayloads.DocumentedExample.Replace("laura@example.com", "mallory@example.com", StringComparison.Ordinal));

        var delivery = await ReceiveAsync(tampered, Sign(signed));

        Assert.Equal(StatusCodes.Status401Unauthorized, StatusOf(delivery));
    }

    [Theory]
    [InlineData("hex")]
    [InlineData("unprefixed")]
    [InlineData("sha1 prefix")]
    [InlineData("empty")]
    public async Task Receive_SignatureNotInTypeformsForm_IsRefused401(string variant)
    {
        var body = Encoding.UTF8.GetBytes(TypeformPayloads.DocumentedExample);
        var hmac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body);
        var signature = variant switch
        {
            "hex" => "sha256=" + Convert.ToHexStringLower(hmac),
            "unprefixed" => Convert.ToBase64String(hmac),
            "sha1 prefix" => "sha1=" + Convert.ToBase64String(hmac),
            _ => "",
        };

        var delivery = await ReceiveAsync(body, signature);

        Assert.Equal(StatusCodes.Status401Unauthorized, StatusOf(delivery));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Receive_SourceWithoutSecret_IsRefused401(string? secret)
    {
        var body = Encoding.UTF8.GetBytes(TypeformPayloads.DocumentedExample);

        var delivery = await ReceiveAsync(body, Sign(body, secret ?? ""), secret);

        Assert.Equal(StatusCodes.Status401Unauthorized, StatusOf(delivery));
    }

    [Theory]
    [InlineData("""{"event_id": "LtWXD3crgy", "event_type": "form_response", "form_response": {""", "body")]
    [InlineData("""[{"event_id": "LtWXD3crgy"}]""", "body")]
    [InlineData("""{"event_type": "form_response", "form_response": {"form_id": "lT4Z3j"}}""", "event_id")]
    [InlineData("""{"event_id": "", "event_type": "form_response", "form_response": {"form_id": "lT4Z3j"}}""", "event_id")]
    [InlineData("""{"event_id": "LtWXD3crgy", "form_response": {"form_id": "lT4Z3j"}}""", "event_type")]
    [InlineData("""{"event_id": "LtWXD3crgy", "event_type": "form_response"}""", "form_response")]
    [InlineData("""{"event_id": "LtWXD3crgy", "event_type": "form_response", "form_response": null}""", "form_response")]
    public async Task Receive_SignedButMalformed_IsRefused400NamingTheField(string payload, string field)
    {
        var body = Encoding.UTF8.GetBytes(payload);

        var delivery = await ReceiveAsync(body, Sign(body));

        Assert.Contains(field, InvalidFields(delivery));
    }

    [Fact]
    public async Task Receive_AnswersTypedOrReferencedForTheContact_FillTheContact()
    {
        var accepted = await AcceptedAsync(TypeformPayloads.LeadForm);

        Assert.Equal("01HZX3N7Q2V8K5M9P4R6T1W0YB", accepted.DeliveryId);
        Assert.Equal("ada@example.com", accepted.Contact?.Email);
        Assert.Equal("+447911123456", accepted.Contact?.Phone);
        Assert.Equal("Ada", accepted.Contact?.FirstName);
        Assert.Equal("Lovelace", accepted.Contact?.LastName);
    }

    [Fact]
    public async Task Receive_AnswersTakenForTheContact_AreNotRepeatedInData()
    {
        var data = (await AcceptedAsync(TypeformPayloads.LeadForm)).Data;

        foreach (var taken in new[] { "First_Name", "last_name", "contact_email", "mobile" })
        {
            Assert.False(data.TryGetProperty(taken, out _), taken);
        }
    }

    [Fact]
    public async Task Receive_AnswersOfFurtherTypes_AreKeptInDataByRef()
    {
        var data = (await AcceptedAsync(TypeformPayloads.LeadForm)).Data;

        Assert.Equal("charles@example.com", data.GetProperty("friend_email").GetString());
        Assert.Equal("Bath", data.GetProperty("shop").GetString());
        Assert.Equal(["Curtains", "Blinds", "Shutters"], data.GetProperty("interests").EnumerateArray().Select(label => label.GetString()));
        Assert.EndsWith("/files/room.jpg", data.GetProperty("room_photo").GetString());
        Assert.Equal("https://lovelace.example", data.GetProperty("website").GetString());
        Assert.Equal("Mornings only", data.GetProperty("jN0ref000010").GetString());
        Assert.Equal("Xq7BcD2e", data.GetProperty("form_id").GetString());
        Assert.Equal("8b6d1f0c2e4a4b7f9c3d5e6f7a8b9c0d", data.GetProperty("response_token").GetString());
    }

    [Fact]
    public async Task Receive_HiddenEmailBesideAnEmailAnswer_StaysInHiddenData()
    {
        var hidden = (await AcceptedAsync(TypeformPayloads.LeadForm)).Data.GetProperty("hidden");

        Assert.Equal("hidden@acme.example", hidden.GetProperty("email").GetString());
        Assert.Equal("newsletter", hidden.GetProperty("utm_source").GetString());
    }

    [Fact]
    public async Task Receive_ContactInHiddenFieldsAndAFullName_FillsTheContact()
    {
        var accepted = await AcceptedAsync(TypeformPayloads.HiddenContact);

        Assert.Equal("grace@example.com", accepted.Contact?.Email);
        Assert.Equal("+14155550123", accepted.Contact?.Phone);
        Assert.Equal("Grace", accepted.Contact?.FirstName);
        Assert.Equal("Brewster Hopper", accepted.Contact?.LastName);
        var hidden = accepted.Data.GetProperty("hidden");
        Assert.Equal("spring", hidden.GetProperty("campaign").GetString());
        Assert.Equal(["campaign"], hidden.EnumerateObject().Select(field => field.Name));
        Assert.False(accepted.Data.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Receive_PartialResponseWithoutAnswers_IsAcceptedUnderItsEventType()
    {
        var accepted = await AcceptedAsync(TypeformPayloads.PartialResponse);

        Assert.Equal("form_response_partial", accepted.Trigger);
        Assert.Equal(new Engine.Contacts.ContactRequest(null, null, null, null, null), accepted.Contact);
        Assert.Equal(JsonValueKind.Object, accepted.Data.ValueKind);
        Assert.Equal("lT4Z3j", accepted.Data.GetProperty("form_id").GetString());
        Assert.Empty(accepted.Data.GetProperty("hidden").EnumerateObject());
    }

    [Fact]
    public void Answer_Outcome_IsItsJsonWith200()
    {
        var outcome = new DeliveryOutcome(false, false, "enr_42", []);

        var result = Assert.IsType<JsonHttpResult<DeliveryOutcome>>(receiver.Answer(Source, outcome));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.Same(outcome, result.Value);
    }
}
