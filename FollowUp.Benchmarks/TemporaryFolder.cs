namespace FollowUp.Benchmarks;

/// <summary>A folder under the system temp folder, deleted on dispose; it serves as the engine's outbox.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("followup-bench-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the system cleans its temp folder.
        }
    }
}
