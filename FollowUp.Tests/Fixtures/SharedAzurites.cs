using FollowUp.Local.Azurite;

namespace FollowUp.Tests.Fixtures;

/// <summary>The in-memory Azurites the whole test run shares: each is started on first use and stopped when the run ends, and each storage user gets a prefix of its own on one of them.</summary>
/// <remarks>
/// Starting Azurite costs a second or more of CPU, and the suite has well over a hundred fixtures and harnesses; the
/// <c>FollowUp:Storage:Prefix</c> setting keeps their tables and queues apart instead. Azurite serves requests on one
/// thread; the <c>FOLLOWUP_TEST_AZURITES</c> environment variable spreads the run over that many, but on 2 cores two were
/// no faster than one, so the default is one. Each stops when the test host does (see <see cref="AzuriteProcess"/>).
/// </remarks>
internal static class SharedAzurites
{
    /// <summary>How many Azurites the run uses.</summary>
    public static int Count { get; } = int.TryParse(Environment.GetEnvironmentVariable("FOLLOWUP_TEST_AZURITES"), out var count) && count > 0
        ? count
        : 1;

    // After Count: static initializers run in the order they are written.
    private static readonly Lazy<Task<AzuriteProcess>>[] Instances = Enumerable.Range(0, Count).Select(_ => new Lazy<Task<AzuriteProcess>>(StartAsync)).ToArray();
    private static int taken;

    /// <summary>One of the Azurites, in turn, and a storage prefix no other user of this run has.</summary>
    public static async Task<(AzuriteProcess Azurite, string Prefix)> TakeAsync()
    {
        var number = Interlocked.Increment(ref taken);
        var azurite = await Instances[number % Count].Value;
        return (azurite, $"t{number}");
    }

    private static Task<AzuriteProcess> StartAsync() => AzuriteProcess.StartAsync(location: null, (0, 0, 0), CancellationToken.None);
}
