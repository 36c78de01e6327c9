using FollowUp.Local.Azurite;

namespace FollowUp.Tests.Fixtures;

/// <summary>Stored JSON exactly as the code before format versions wrote it (<c>Fixtures/Stored</c>), captured from its stores on Azurite.</summary>
public static class StoredSamples
{
    /// <summary>The enrollment id in the step messages and steps of the samples.</summary>
    public const string EnrollmentId = "at8dfkvztzh2-8sca5g18ms";

    /// <summary>The text of one sample file, such as <c>step-message.json</c>.</summary>
    public static string Read(string file) =>
        File.ReadAllText(Path.Combine(AzuritePackage.FindRepositoryRoot(), "FollowUp.Tests", "Fixtures", "Stored", file));
}
