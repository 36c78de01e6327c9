using FollowUp.Local.Azurite;
using Microsoft.Playwright;

namespace FollowUp.Tests.Fixtures.Browser;

/// <summary>Screenshots for the documentation, written only when <c>FOLLOWUP_SCREENSHOTS</c> names a folder.</summary>
/// <remarks>A relative folder is taken from the repository's root, so <c>FOLLOWUP_SCREENSHOTS=docs/images</c> refreshes the pictures the docs show wherever the tests run from.</remarks>
public static class Screenshots
{
    /// <summary>The environment variable that names the folder.</summary>
    public const string FolderVariable = "FOLLOWUP_SCREENSHOTS";

    /// <summary>The folder screenshots go to, or null when <see cref="FolderVariable"/> is unset.</summary>
    public static string? Folder => Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
        ? Path.GetFullPath(folder, AzuritePackage.FindRepositoryRoot())
        : null;

    /// <summary>Writes the page (the whole of it, or what the window shows when <paramref name="fullPage"/> is false) to <c>name.png</c> in <see cref="Folder"/>; returns the file, or null when screenshots are off.</summary>
    public static async Task<string?> SaveAsync(IPage page, string name, bool fullPage = true)
    {
        if (Folder is not { } folder)
        {
            return null;
        }

        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
        return file;
    }
}
