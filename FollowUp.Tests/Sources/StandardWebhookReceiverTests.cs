using System.Text;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.Webhooks;
using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace FollowUp.Tests.Sources;

public sealed class StandardWebhookReceiverTests
{
    // The example of the Standard Webhooks specification: this id, timestamp and body signed with its example secret.
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = """{"test": 2432232314}""";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly Source Webhook = new("crm", SourceKind.Webhook, LocalAppFixture.WebhookSecretSetting, new Dictionary<string, SourceAction>(), null, DateTimeOffset.UnixEpoch);

    private static Task<ReceivedDelivery> ReceiveAsync(string body, string? signature, string id = SpecId, long timestamp = SpecTimestamp, long? now = null, string secret = LocalAppFixture.WebhookSecret)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["webhook-id"] = id;
        context.Request.Headers["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (signature is not null)
        {
            context.Request.Headers["webhook-signature"] = signature;
        }

        var receiver = new StandardWebhookReceiver(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now ?? timestamp)));
        return receiver.ReceiveAsync(context.Request, Encoding.UTF8.GetBytes(body), Webhook, secret, CancellationToken.None);
    }

    private static int StatusOf(ReceivedDelivery delivery) =>
        Assert.IsAssignableFrom<IStatusCodeHttpResult>(Assert.IsType<ReceivedDelivery.Refused>(delivery).Problem).StatusCode!.Value;

    [Fact]
    public async Task Receive_SpecificationExample_PassesTheSignatureAndAsksForAType()
    {
        // The example body has no type, so it is refused for that (400), not for its signature (401).
        Assert.Equal(400, StatusOf(await ReceiveAsync(SpecBody, SpecSignature)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("v1,g1hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("not base64 at all")]
    public async Task Receive_MissingOrWrongSignature_Is401(string? signature) =>
        Assert.Equal(401, StatusOf(await ReceiveAsync(SpecBody, signature)));

    [Theory]
    [InlineData("whsec_")]
    [InlineData("whsec_AAEC")]
    public async Task Receive_EmptyOrShortSecret_RefusesEvenAMatchingSignature_401(string secret)
    {
        const string body = """{"type":"lead.created","contact":{"email":"ann@example.com"}}""";

        Assert.Equal(401, StatusOf(await ReceiveAsync(body, WebhookSigning.Sign(secret, SpecId, SpecTimestamp, body), secret: secret)));
    }

    [Fact]
    public async Task Receive_TamperedBodyOrId_Is401()
    {
        Assert.Equal(401, StatusOf(await ReceiveAsync("""{"test": 2432232315}""", SpecSignature)));
        Assert.Equal(401, StatusOf(await ReceiveAsync(SpecBody, SpecSignature, id: "msg_other")));
    }

    [Fact]
    public async Task Receive_OneOfSeveralSignaturesMatching_IsEnough() =>
        Assert.Equal(400, StatusOf(await ReceiveAsync(SpecBody, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + SpecSignature)));

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public async Task Receive_TimestampMoreThanFiveMinutesAway_Is400(long offsetSeconds) =>
        Assert.Equal(400, StatusOf(await ReceiveAsync(SpecBody, SpecSignature, now: SpecTimestamp + offsetSeconds)));

    [Fact]
    public async Task Receive_SignedTypedBody_IsAcceptedWithItsIdTypeContactAndData()
    {
        const string body = """{"type":"lead.created","timestamp":"2026-11-23T10:00:00Z","contact":{"email":"ann@example.com","firstName":"Ann"},"data":{"plan":"pro"}}""";
        var signature = WebhookSigning.Sign(LocalAppFixture.WebhookSecret, "msg_1", SpecTimestamp, body);

        var accepted = Assert.IsType<ReceivedDelivery.Accepted>(await ReceiveAsync(body, signature, id: "msg_1"));

        Assert.Equal("msg_1", accepted.DeliveryId);
        Assert.Equal("lead.created", accepted.Trigger);
        Assert.Equal("ann@example.com", accepted.Contact!.Email);
        Assert.Equal("Ann", accepted.Contact.FirstName);
        Assert.Equal("pro", accepted.Data.GetProperty("plan").GetString());
        Assert.Null(accepted.EnrollmentKey);
    }
}
