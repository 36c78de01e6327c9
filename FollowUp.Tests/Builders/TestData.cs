namespace FollowUp.Tests.Builders;

/// <summary>Unique names and addresses, so tests sharing a storage account never see each other's data.</summary>
public static class TestData
{
    private static int counter;

    /// <summary>A unique lowercase id with a prefix.</summary>
    public static string Id(string prefix) => $"{prefix}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A unique valid email address.</summary>
    public static string Email() => $"{Id("person")}@example.com";

    /// <summary>A unique valid UK mobile number in the range Ofcom keeps for drama (07700 900000–900999).</summary>
    public static string Phone() => $"+447700900{Interlocked.Increment(ref counter) % 1000:D3}";
}
