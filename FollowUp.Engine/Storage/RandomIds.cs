using System.Security.Cryptography;

namespace FollowUp.Engine.Storage;

/// <summary>Makes random ids of lowercase letters and digits, safe as Table Storage keys and in URLs.</summary>
public static class RandomIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A random id of <paramref name="length"/> characters, 5 bits each.</summary>
    public static string Create(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>An id of <paramref name="length"/> characters in the same alphabet, taken from the first bytes of a hash.</summary>
    /// <exception cref="ArgumentException">The hash has fewer bytes than characters asked for.</exception>
    public static string FromHash(ReadOnlySpan<byte> hash, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hash.Length, length);
        var id = new char[length];
        for (var i = 0; i < length; i++)
        {
            id[i] = Alphabet[hash[i] % Alphabet.Length];
        }

        return new string(id);
    }
}
