namespace FollowUp.Tests.Fixtures.Browser;

/// <summary>How <see cref="ChromiumLocator"/> installs a Chromium when it finds none.</summary>
public enum ChromiumInstaller
{
    /// <summary>Debian's <c>chromium</c> package, with <c>apt-get install -y chromium</c>.</summary>
    AptGet,

    /// <summary>Playwright's own build, with <c>playwright install chromium</c>.</summary>
    Playwright,
}
