using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace FollowUp.Engine.Storage;

/// <summary>Stores a long string across several entity properties, since one property holds at most 64 KiB.</summary>
public static class ChunkedString
{
    private const int ChunkChars = 30_000;

    /// <summary>Writes <paramref name="value"/> as <c>{name}0</c>, <c>{name}1</c>, … plus a <c>{name}Chunks</c> count.</summary>
    public static void Write(TableEntity entity, string name, string value)
    {
        var chunks = 0;
        for (var start = 0; start < value.Length || chunks == 0; start += ChunkChars)
        {
            entity[name + chunks.ToString(CultureInfo.InvariantCulture)] = value.Substring(start, Math.Min(ChunkChars, value.Length - start));
            chunks++;
        }

        entity[name + "Chunks"] = chunks;
    }

    /// <summary>Reads a string written by <see cref="Write"/>.</summary>
    public static string Read(TableEntity entity, string name)
    {
        var chunks = entity.GetInt32(name + "Chunks") ?? 0;
        var builder = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            builder.Append(entity.GetString(name + i.ToString(CultureInfo.InvariantCulture)));
        }

        return builder.ToString();
    }
}
