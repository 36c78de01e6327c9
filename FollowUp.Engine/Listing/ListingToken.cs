using FollowUp.Engine.Signing;

namespace FollowUp.Engine.Listing;

/// <summary>The opaque continuation token of a list: where the previous page ended, signed for the list it came from.</summary>
/// <remarks>
/// The token carries the list's scope (which route, sequence and status) and the last key of the page, signed with the
/// signing key ring, so a token altered, made up, or taken from another list is refused instead of reading from a place the
/// caller chose. Without a configured <c>FollowUp:SigningKey</c> the key changes at each start, and so tokens handed out
/// before a restart are refused: the caller starts the list again.
/// </remarks>
public sealed class ListingToken(TokenSigner signer)
{
    private const string Purpose = "list";
    private const char Separator = '\n';

    /// <summary>The token that continues the list <paramref name="scope"/> after <paramref name="position"/>.</summary>
    public string Create(string scope, string position) => signer.Sign(Purpose, scope + Separator + position);

    /// <summary>Reads a token made by <see cref="Create"/> for <paramref name="scope"/>; false when it is malformed, forged, or made for another list.</summary>
    public bool TryRead(string scope, string token, out string position)
    {
        position = "";
        if (!signer.TryVerify(Purpose, token, out var value))
        {
            return false;
        }

        var separator = value.IndexOf(Separator, StringComparison.Ordinal);
        if (separator < 0 || value[..separator] != scope)
        {
            return false;
        }

        position = value[(separator + 1)..];
        return position.Length > 0;
    }
}
