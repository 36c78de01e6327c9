namespace FollowUp.Tests.Fixtures;

/// <summary>FollowUp.Local after a signing key rotation: a new <c>FollowUp:SigningKey</c>, and <see cref="PublicLocalAppFixture"/>'s key as <c>FollowUp:PreviousSigningKeys:0</c>.</summary>
public sealed class RotatedKeyAppFixture : LocalAppFixture
{
    /// <summary>The app's current <c>FollowUp:SigningKey</c>.</summary>
    public const string NewSigningKey = "cm90YXRlZC1zaWduaW5nLWtleS1mb3ItdGhlLXRlc3Q=";

    /// <inheritdoc />
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["FollowUp:PublicBaseUrl"] = PublicLocalAppFixture.PublicBaseUrl;
        settings["FollowUp:SigningKey"] = NewSigningKey;
        settings["FollowUp:PreviousSigningKeys:0"] = PublicLocalAppFixture.SigningKey;
    }
}
