namespace FollowUp.Tests.Fixtures.Browser;

/// <summary>Finds the Chromium the browser tests drive, installing one when none is found; once per test run.</summary>
/// <remarks>
/// <para>The system's Chromium is preferred: Playwright's own download fails on machines without access to its CDN, and
/// Debian's <c>chromium</c> package is kept patched by apt. <c>FOLLOWUP_CHROMIUM</c> names another executable.</para>
/// <para>When none is found, root on Debian or Ubuntu installs <c>chromium</c> with apt-get; anyone else gets Playwright's
/// own Chromium (<c>playwright install chromium</c>, into the user's cache).</para>
/// </remarks>
public static class ChromiumLocator
{
    /// <summary>The environment variable that names the Chromium or Chrome executable to use.</summary>
    public const string OverrideVariable = "FOLLOWUP_CHROMIUM";

    /// <summary>Where Debian, Ubuntu and Google's packages put the browser, in the order they are tried.</summary>
    public static readonly IReadOnlyList<string> KnownPaths =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>One lookup or installation at a time, and only once: collections start in parallel, and apt holds one lock.</summary>
    private static readonly Lazy<Task<string?>> Located = new(LocateOrInstallAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The executable to launch, or null for the Chromium that Playwright installed for itself.</summary>
    /// <exception cref="InvalidOperationException">No Chromium is found and none can be installed here.</exception>
    public static Task<string?> ExecutablePathAsync() => Located.Value;

    /// <summary>The executable to use: <paramref name="overridePath"/> when set, else the first of <see cref="KnownPaths"/> that exists, else <c>chromium</c> in a folder of <paramref name="searchPath"/>; null when there is none.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="overridePath"/> is set but names no file.</exception>
    public static string? Find(string? overridePath, string? searchPath, Func<string, bool> exists)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            return exists(overridePath)
                ? overridePath
                : throw new InvalidOperationException($"{OverrideVariable} is set to {overridePath}, which does not exist. Point it at a Chromium or Chrome executable, or unset it.");
        }

        var onPath = (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(folder => Path.Combine(folder, "chromium"));
        return KnownPaths.Concat(onPath).FirstOrDefault(exists);
    }

    /// <summary>How a missing Chromium is installed: with apt-get by root on Debian or Ubuntu (whose <c>/etc/debian_version</c> exists), otherwise by Playwright.</summary>
    public static ChromiumInstaller InstallerFor(bool isRoot, bool hasAptGet, bool isDebian) =>
        isRoot && hasAptGet && isDebian ? ChromiumInstaller.AptGet : ChromiumInstaller.Playwright;

    private static async Task<string?> LocateOrInstallAsync()
    {
        var found = Find(Environment.GetEnvironmentVariable(OverrideVariable), Environment.GetEnvironmentVariable("PATH"), File.Exists);
        if (found is not null)
        {
            return found;
        }

        var installer = InstallerFor(Environment.UserName == "root", File.Exists("/usr/bin/apt-get"), File.Exists("/etc/debian_version"));
        if (installer == ChromiumInstaller.AptGet && await InstallWithAptAsync() is { } installed)
        {
            return installed;
        }

        await Console.Error.WriteLineAsync("ChromiumLocator: no Chromium found; installing Playwright's own with playwright install chromium");
        if (Microsoft.Playwright.Program.Main(["install", "chromium"]) != 0)
        {
            throw new InvalidOperationException(
                $"No Chromium found (tried {OverrideVariable}, {string.Join(", ", KnownPaths)} and chromium on PATH), and playwright install chromium failed. Install Chromium (on Debian: sudo apt-get install -y chromium) or set {OverrideVariable} to a Chromium or Chrome executable.");
        }

        await Console.Error.WriteLineAsync("ChromiumLocator: installed Playwright's Chromium");
        return null;
    }

    /// <summary>Runs <c>apt-get install -y chromium</c>, after <c>apt-get update</c> when the first try fails (a fresh container has no package lists); returns the installed executable, or null.</summary>
    private static async Task<string?> InstallWithAptAsync()
    {
        await Console.Error.WriteLineAsync("ChromiumLocator: no Chromium found; installing Debian's with apt-get install -y chromium");
        await AptPackage.InstallAsync("chromium", "ChromiumLocator");

        var installed = Find(null, null, File.Exists);
        await Console.Error.WriteLineAsync(installed is null
            ? "ChromiumLocator: apt-get did not install chromium"
            : $"ChromiumLocator: installed {installed}");
        return installed;
    }
}
