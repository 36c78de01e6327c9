namespace FollowUp.Tests.Fixtures;

/// <summary>FollowUp.Local with a reply address, a signing key and an API key, over its own Azurite; shared by the inbound email tests.</summary>
/// <remarks>Its <see cref="LocalAppFixture.Http"/> gives the key in <c>x-functions-key</c>.</remarks>
public sealed class InboundEmailAppFixture : LocalAppFixture
{
    public const string ApiKey = "inbound-test-key";
    public const string SigningKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    /// <summary>The authserv-id of the receiving server whose <c>Authentication-Results</c> the app believes.</summary>
    public const string AuthServId = "mx.acme.example";

    /// <summary>A client that gives no key, as a parse service calling a URL with <c>?code=</c>.</summary>
    public HttpClient Keyless { get; private set; } = new();

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Http.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
        Keyless = new HttpClient { BaseAddress = Http.BaseAddress };
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        Keyless.Dispose();
        await base.DisposeAsync();
    }

    /// <inheritdoc />
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["FollowUp:ApiKey"] = ApiKey;
        settings["FollowUp:SigningKey"] = SigningKey;
        settings["FollowUp:Email:From"] = "Acme <followup@acme.example>";
        settings["FollowUp:Email:ReplyTo"] = "Acme Replies <replies@acme.example>";
        settings["FollowUp:Inbound:AuthServId"] = AuthServId;
    }
}
