using System.Buffers;

namespace FollowUp.Engine.Channels;

/// <summary>Counts the segments a text is sent as, by the GSM 03.38 rules carriers and Twilio apply.</summary>
/// <remarks>
/// A text of GSM-7 characters fits 160 septets in one segment and 153 in each part of a longer one; the extension
/// characters (<c>^{}\[~]|€</c> and form feed) take two septets and are never split. Any other character makes the
/// whole text UCS-2: 70 code units in one segment, 67 in each part, surrogate pairs never split.
/// </remarks>
public static class SmsSegments
{
    private static readonly SearchValues<char> Basic = SearchValues.Create(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");

    private static readonly SearchValues<char> Extension = SearchValues.Create("^{}\\[~]|€\f");

    /// <summary>The number of segments of <paramref name="text"/>; at least 1.</summary>
    public static int Count(string text)
    {
        return IsGsm(text) ? CountGsm(text) : CountUcs2(text);
    }

    private static bool IsGsm(string text)
    {
        foreach (var c in text)
        {
            if (!Basic.Contains(c) && !Extension.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int CountGsm(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            septets += Extension.Contains(c) ? 2 : 1;
        }

        return septets <= 160 ? 1 : Fill(text, 153, c => Extension.Contains(c) ? 2 : 1);
    }

    private static int CountUcs2(string text) =>
        text.Length <= 70 ? 1 : Fill(text, 67, _ => 1);

    /// <summary>Fills segments of <paramref name="capacity"/> greedily, keeping escape pairs and surrogate pairs whole.</summary>
    private static int Fill(string text, int capacity, Func<char, int> size)
    {
        var segments = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var units = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : size(text[i]);
            if (used + units > capacity)
            {
                segments++;
                used = 0;
            }

            used += units;
            if (units == 2 && char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }

        return segments;
    }
}
