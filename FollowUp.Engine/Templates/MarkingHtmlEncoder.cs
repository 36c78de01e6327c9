using System.Globalization;
using System.Text.Encodings.Web;

namespace FollowUp.Engine.Templates;

/// <summary>HTML-encodes each value a template outputs, as <see cref="HtmlEncoder.Default"/> does, and marks where it starts and ends so that <see cref="DataLinkFilter"/> can tell values from the template's own text.</summary>
/// <remarks>
/// A value comes out as <c>U+E000</c>, its number, <c>U+E001</c>, the encoded value, <c>U+E002</c>: private-use characters
/// that the filter removes again. They are taken out of each value before it is encoded, so data cannot forge a mark.
/// One encoder serves one rendering, which numbers its values from 0.
/// </remarks>
public sealed class MarkingHtmlEncoder : TextEncoder
{
    /// <summary>Opens a value's mark, before its number.</summary>
    public const char Open = '\uE000';

    /// <summary>Ends a value's number, before the encoded value.</summary>
    public const char Separator = '\uE001';

    /// <summary>Closes a value's mark.</summary>
    public const char Close = '\uE002';

    private static readonly HtmlEncoder Inner = HtmlEncoder.Default;
    private int count;

    /// <inheritdoc />
    public override int MaxOutputCharactersPerInputCharacter => Inner.MaxOutputCharactersPerInputCharacter;

    /// <summary>The value HTML-encoded between its marks.</summary>
    public override string Encode(string value) => Mark(Inner.Encode(Unmarked(value)));

    /// <inheritdoc />
    public override void Encode(TextWriter output, string value, int startIndex, int characterCount) =>
        output.Write(Encode(value.Substring(startIndex, characterCount)));

    /// <inheritdoc />
    public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount) =>
        output.Write(Encode(new string(value, startIndex, characterCount)));

    /// <inheritdoc />
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => Inner.FindFirstCharacterToEncode(text, textLength);

    /// <inheritdoc />
    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        Inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    /// <inheritdoc />
    public override bool WillEncode(int unicodeScalar) => Inner.WillEncode(unicodeScalar);

    private static string Unmarked(string value) =>
        value.AsSpan().IndexOfAny(Open, Separator, Close) < 0 ? value : string.Concat(value.Where(c => c is not (Open or Separator or Close)));

    private string Mark(string encoded) =>
        string.Concat(Open.ToString(), count++.ToString(CultureInfo.InvariantCulture), Separator.ToString(), encoded, Close.ToString());
}
