namespace FollowUp.Tests.Fixtures;

/// <summary>A folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("followup-tests-").FullName;

    /// <summary>The files in the folder, excluding temporary ones.</summary>
    public string[] Files(string pattern = "*") =>
        Directory.Exists(Path) ? Directory.GetFiles(Path, pattern).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).ToArray() : [];

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
