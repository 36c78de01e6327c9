using System.Diagnostics;
using Microsoft.Playwright;

namespace FollowUp.Tests.Fixtures.Browser;

/// <summary>One headless Chromium for the whole test run, driven by Playwright; each test opens its own context and page.</summary>
/// <remarks>
/// <para>Launching costs about a second, a context a few milliseconds: so the browser is shared and the context, which holds
/// cookies and storage, is not.</para>
/// <para>Playwright passes <c>--no-sandbox</c> unless <c>chromiumSandbox</c> is true, which lets Chromium start as root in a
/// container; <c>--disable-dev-shm-usage</c> keeps it off a container's small <c>/dev/shm</c>.</para>
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The desktop viewport of <see cref="NewPageAsync()"/>.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    /// <summary>The phone viewport of <see cref="NewPhonePageAsync"/>, an iPhone 12 to 15's CSS size.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The shared browser.</summary>
    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>How long finding Chromium, starting Playwright and launching the browser took.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>Finds or installs Chromium and launches it headless.</summary>
    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        var executablePath = await ChromiumLocator.ExecutablePathAsync();
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            Headless = true,
            ExecutablePath = executablePath,
            Args = ["--disable-dev-shm-usage"],
        });
        StartTime = started.Elapsed;
        await Console.Error.WriteLineAsync(
            $"BrowserFixture: Chromium {browser.Version} at {executablePath ?? "Playwright's own install"}, started in {StartTime.TotalMilliseconds:F0} ms");
    }

    /// <summary>A page in a fresh context with the <see cref="Desktop"/> viewport.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(new() { ViewportSize = Desktop });

    /// <summary>A page in a fresh context that a phone shows: the <see cref="Phone"/> viewport, touch, and the mobile meta viewport honoured.</summary>
    public Task<IPage> NewPhonePageAsync() =>
        NewPageAsync(new() { ViewportSize = Phone, IsMobile = true, HasTouch = true, DeviceScaleFactor = 3 });

    /// <summary>A page in a fresh context made with <paramref name="options"/>; closing the page's context is the caller's, through <see cref="IPage.Context"/>.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        return await context.NewPageAsync();
    }

    /// <summary>Closes the browser and stops Playwright's driver.</summary>
    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
