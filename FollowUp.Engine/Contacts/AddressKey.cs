using System.Security.Cryptography;
using System.Text;

namespace FollowUp.Engine.Contacts;

/// <summary>The storage key of a normalised email address or phone number: its kind and SHA-256, so no address appears in a key.</summary>
public static class AddressKey
{
    /// <summary>The key of a normalised email address.</summary>
    public static string Email(string email) => "email:" + Hash(email);

    /// <summary>The key of a normalised E.164 phone number.</summary>
    public static string Phone(string phone) => "phone:" + Hash(phone);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
