namespace FollowUp.Tests.Builders;

/// <summary>Unique names and addresses, so tests sharing a storage account never see each other's data.</summary>
public static class TestData
{
    private static int counter;

    /// <summary>A unique lowercase id with a prefix.</summary>
    public static string Id(string prefix) => $"{prefix}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A unique valid email address.</summary>
    public static string Email() => $"{Id("person")}@example.com";

    /// <summary>A unique valid UK mobile number.</summary>
    public static string Phone() => $"+4479111{Interlocked.Increment(ref counter) % 100_000:D5}";
}
