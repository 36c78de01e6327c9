using System.Security.Cryptography;

namespace FollowUp.Engine.Storage;

/// <summary>Makes random ids of lowercase letters and digits, safe as Table Storage keys and in URLs.</summary>
public static class RandomIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A random id of <paramref name="length"/> characters, 5 bits each.</summary>
    public static string Create(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
