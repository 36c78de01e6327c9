using FollowUp.Engine.Http;
using FollowUp.Engine.Signing;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Sources.Confirmations;

/// <summary>Makes the signed link that confirms a form submission, on <c>FollowUp:PublicBaseUrl</c>, and reads its token back; the one place confirmations use <see cref="TokenSigner"/>.</summary>
public sealed class ConfirmationLinks(IOptions<FollowUpOptions> options, TokenSigner signer)
{
    /// <summary>The <see cref="TokenSigner"/> purpose of confirmation tokens.</summary>
    public const string Purpose = "confirm";

    /// <summary>The query parameter that carries the token.</summary>
    public const string TokenParameter = "t";

    /// <summary>The link that confirms <paramref name="confirmationId"/>, or null without a public base address.</summary>
    public Uri? For(string confirmationId) => options.Value.PublicBaseUrl is { } publicBaseUrl
        ? new Uri($"{publicBaseUrl.AbsoluteUri.TrimEnd('/')}/{FollowUpRoutes.Prefix}/{FollowUpRoutes.Confirm}?{TokenParameter}="
            + Uri.EscapeDataString(signer.Sign(Purpose, confirmationId)))
        : null;

    /// <summary>Reads a token made by <see cref="For"/>; false when it is missing, malformed, forged or made for another purpose.</summary>
    public bool TryRead(string? token, out string confirmationId) => signer.TryVerify(Purpose, token, out confirmationId) && confirmationId.Length > 0;
}
