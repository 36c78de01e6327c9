using System.Security.Cryptography;
using System.Text;

namespace FollowUp.Tests.Sources;

/// <summary>Shop webhook deliveries (Shopify, WooCommerce) as the engine should tell them apart, written apart from its code.</summary>
public static class ShopDeliveries
{
    /// <summary>The key repeats are dropped on: the topic, a colon, and the lower-case hex SHA-256 of the signed body.</summary>
    public static string Key(string topic, string body) => $"{topic}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
}
