using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;
using FollowUp.Engine.Signing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Unsubscribe;

/// <summary>Makes the signed unsubscribe link of each email on <c>FollowUp:PublicBaseUrl</c>, and reads the token of one back.</summary>
/// <remarks>
/// The token signs the contact id and the <see cref="AddressKey"/> of the address the email went to, not the address itself:
/// links end up in proxy and browser logs, where an address must not appear, and the key is what the opt-out is stored
/// under. A link names the address it was sent to, so a contact whose address changes later still suppresses the old one.
/// </remarks>
public sealed class UnsubscribeLinks(IOptions<FollowUpOptions> options, TokenSigner signer, ILogger<UnsubscribeLinks> logger) : IHostedService
{
    /// <summary>The <see cref="TokenSigner"/> purpose of unsubscribe tokens.</summary>
    public const string Purpose = "unsubscribe";

    /// <summary>The query parameter that carries the token.</summary>
    public const string TokenParameter = "t";

    private const char Separator = ' ';

    /// <summary>The unsubscribe link of an email to <paramref name="email"/> (normalised) of contact <paramref name="contactId"/>, or null without a public base address.</summary>
    public Uri? For(string contactId, string email) => options.Value.PublicBaseUrl is { } publicBaseUrl
        ? new Uri($"{publicBaseUrl.AbsoluteUri.TrimEnd('/')}/{FollowUpRoutes.Prefix}/{FollowUpRoutes.Unsubscribe}?{TokenParameter}="
            + Uri.EscapeDataString(signer.Sign(Purpose, $"{contactId}{Separator}{AddressKey.Email(email)}")))
        : null;

    /// <summary>Reads a token made by <see cref="For"/>; false when it is missing, malformed, forged or made for another purpose.</summary>
    public bool TryRead(string? token, out UnsubscribeRecipient recipient)
    {
        recipient = new UnsubscribeRecipient("", "");
        if (!signer.TryVerify(Purpose, token, out var value) || value.Split(Separator) is not [{ Length: > 0 } contactId, { } addressKey]
            || !addressKey.StartsWith("email:", StringComparison.Ordinal))
        {
            return false;
        }

        recipient = new UnsubscribeRecipient(contactId, addressKey);
        return true;
    }

    /// <summary>Warns once at start when emails go out without unsubscribe links.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.PublicBaseUrl is null)
        {
            logger.LogWarning("FollowUp:PublicBaseUrl is not set: emails go out without unsubscribe links and List-Unsubscribe headers");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
