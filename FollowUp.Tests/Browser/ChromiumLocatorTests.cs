using FollowUp.Tests.Fixtures.Browser;

namespace FollowUp.Tests.Browser;

/// <summary>How <see cref="ChromiumLocator"/> chooses a browser, over made-up file systems.</summary>
public sealed class ChromiumLocatorTests
{
    private static Func<string, bool> Existing(params string[] files) => files.Contains;

    [Fact]
    public void Find_OverrideSet_ReturnsItBeforeAnyKnownPath()
    {
        var found = ChromiumLocator.Find("/opt/chrome/chrome", "/usr/bin", Existing("/opt/chrome/chrome", "/usr/bin/chromium"));

        Assert.Equal("/opt/chrome/chrome", found);
    }

    [Fact]
    public void Find_OverrideNamesNoFile_ThrowsNamingTheVariableAndThePath()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChromiumLocator.Find("/opt/missing/chrome", "/usr/bin", Existing("/usr/bin/chromium")));

        Assert.Contains(ChromiumLocator.OverrideVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("/opt/missing/chrome", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/usr/bin/chromium", "/usr/bin/chromium")]
    [InlineData("/usr/bin/chromium-browser", "/usr/bin/chromium-browser")]
    [InlineData("/usr/bin/google-chrome-stable /usr/bin/chromium-browser", "/usr/bin/chromium-browser")]
    [InlineData("/usr/bin/google-chrome-stable /usr/bin/google-chrome", "/usr/bin/google-chrome")]
    [InlineData("/snap/bin/chromium /usr/bin/google-chrome-stable", "/usr/bin/google-chrome-stable")]
    [InlineData("/snap/bin/chromium", "/snap/bin/chromium")]
    public void Find_NoOverride_TakesTheFirstKnownPathThenPath(string files, string expected)
    {
        var found = ChromiumLocator.Find(null, $"/usr/local/bin{Path.PathSeparator}/snap/bin", Existing(files.Split(' ')));

        Assert.Equal(expected, found);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/usr/local/bin")]
    public void Find_NoBrowserAnywhere_ReturnsNull(string? searchPath)
    {
        Assert.Null(ChromiumLocator.Find("", searchPath, Existing("/usr/bin/firefox", "/snap/bin/chromium")));
    }

    [Theory]
    [InlineData(true, true, true, ChromiumInstaller.AptGet)]
    [InlineData(false, true, true, ChromiumInstaller.Playwright)]
    [InlineData(true, false, true, ChromiumInstaller.Playwright)]
    [InlineData(true, true, false, ChromiumInstaller.Playwright)]
    [InlineData(false, false, false, ChromiumInstaller.Playwright)]
    public void InstallerFor_RootOnDebianWithApt_UsesAptElsePlaywright(bool isRoot, bool hasAptGet, bool isDebian, ChromiumInstaller expected)
    {
        Assert.Equal(expected, ChromiumLocator.InstallerFor(isRoot, hasAptGet, isDebian));
    }
}
