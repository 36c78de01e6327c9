using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace FollowUp.Tests.Fixtures;

/// <summary>A real Dovecot IMAP server on a free loopback port, with a throwaway configuration, maildir and passwd-file user.</summary>
/// <remarks>
/// <para>Nothing of the system is used or changed beyond the installed binary: <c>dovecot -F -c</c> runs in the foreground on
/// a configuration in a temporary folder, with its own base, state and mail folders there; no systemd, nothing under /etc.
/// When Debian's <c>dovecot-imapd</c> is missing, it is installed with apt as root; elsewhere the fixture fails saying what to
/// install.</para>
/// <para>Run as root, Dovecot keeps its own login users (installed with the package) and stores mail as <c>nobody</c>; run as
/// anyone else, every process runs as that user.</para>
/// <para>When a token-info address is given, the passdb <c>oauth2</c> accepts SASL XOAUTH2 and OAUTHBEARER logins whose token
/// that address vouches for (its JSON names the user in <c>email</c>).</para>
/// </remarks>
public sealed class DovecotServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/dovecot";
    private const int NobodyId = 65534;

    /// <summary>One installation at a time: test classes start in parallel, and apt holds one lock.</summary>
    private static readonly SemaphoreSlim Installing = new(1, 1);

    private readonly TempFolder root = new();
    private Process? process;

    private DovecotServer(string user, Uri? tokenInfoUrl)
    {
        User = user;
        Password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        Port = FreePort();
        TokenInfoUrl = tokenInfoUrl;
    }

    /// <summary>The mail user's login name, also its address.</summary>
    public string User { get; }

    /// <summary>The mail user's password.</summary>
    public string Password { get; }

    /// <summary>The IMAP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Where the passdb oauth2 checks tokens, or null for password logins only.</summary>
    public Uri? TokenInfoUrl { get; }

    /// <summary>The user's maildir.</summary>
    public string Maildir => Path.Combine(root.Path, "mail", "owner");

    /// <summary>Installs Dovecot when missing, and starts it with one mail user, <paramref name="user"/>.</summary>
    /// <exception cref="InvalidOperationException">Dovecot is missing and cannot be installed here, or does not start.</exception>
    public static async Task<DovecotServer> StartAsync(string user, Uri? tokenInfoUrl = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The IMAP tests run Debian's dovecot-imapd, on Linux.");
        }

        await EnsureInstalledAsync();
        var server = new DovecotServer(user, tokenInfoUrl);
        server.WriteConfiguration();
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Stops the server, so a test can change its mail folder, then starts it again on the same port.</summary>
    public async Task RestartAsync(Action? whileStopped = null)
    {
        await StopAsync();
        whileStopped?.Invoke();
        await StartProcessAsync();
    }

    /// <summary>Forgets the folder's UIDs (its <c>dovecot-uidlist</c> and indexes), so that Dovecot renumbers it under the next UIDVALIDITY its <c>dovecot-uidvalidity</c> hands out; call while stopped.</summary>
    public void ForgetUids()
    {
        string[] forgotten = ["dovecot-uidlist", "dovecot.index", "dovecot.list.index"];
        foreach (var file in Directory.EnumerateFiles(Maildir).Where(file => forgotten.Any(Path.GetFileName(file).StartsWith)))
        {
            File.Delete(file);
        }
    }

    /// <summary>Appends <paramref name="message"/> to the INBOX, logging in with the password; returns the folder's UIDVALIDITY.</summary>
    public async Task<uint> AppendAsync(MimeMessage message)
    {
        using var client = await ConnectAsync();
        await client.Inbox.AppendAsync(new MailKit.AppendRequest(message));
        await client.Inbox.StatusAsync(MailKit.StatusItems.UidValidity);
        var validity = client.Inbox.UidValidity;
        await client.DisconnectAsync(true);
        return validity;
    }

    /// <summary>Logs in with the password and opens the INBOX read-only.</summary>
    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync(IPAddress.Loopback.ToString(), Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        return client;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        root.Dispose();
    }

    private static async Task EnsureInstalledAsync()
    {
        await Installing.WaitAsync();
        try
        {
            await InstallWhenMissingAsync();
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task InstallWhenMissingAsync()
    {
        if (File.Exists(Binary))
        {
            return;
        }

        if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException(
                $"Dovecot is not installed ({Binary} is missing). Install Debian's dovecot-imapd (sudo apt-get install -y dovecot-imapd), or run the tests as root on Debian, where the tests install it.");
        }

        await Console.Error.WriteLineAsync("DovecotServer: dovecot-imapd is missing; installing it with apt-get install -y dovecot-imapd (the service it sets up is not started)");
        await AptPackage.InstallAsync("dovecot-imapd", "DovecotServer");

        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"apt-get install -y dovecot-imapd did not install {Binary}; install Debian's dovecot-imapd by hand.");
        }

        await Console.Error.WriteLineAsync("DovecotServer: installed dovecot-imapd");
    }


    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private void WriteConfiguration()
    {
        var asRoot = Environment.UserName == "root";
        foreach (var folder in new[] { "base", "state", "mail" })
        {
            Directory.CreateDirectory(Path.Combine(root.Path, folder));
        }

        Directory.CreateDirectory(Maildir);
        // Login and mail processes run as other users: they must be able to reach the folder.
        File.SetUnixFileMode(root.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var mailUid = asRoot ? NobodyId : CurrentId("Uid");
        var mailGid = asRoot ? NobodyId : CurrentId("Gid");
        if (asRoot)
        {
            Chown(Path.Combine(root.Path, "mail"), NobodyId);
            Chown(Maildir, NobodyId);
        }

        File.WriteAllText(Path.Combine(root.Path, "passwd"), $"{User}:{{PLAIN}}{Password}::::::\n");
        var users = asRoot ? "" : $"""
            default_login_user = {Environment.UserName}
            default_internal_user = {Environment.UserName}
            """;
        var oauth = TokenInfoUrl is null ? "" : $$"""
            passdb {
              driver = oauth2
              mechanisms = xoauth2 oauthbearer
              args = {{root.Path}}/oauth2.conf.ext
            }
            """;
        if (TokenInfoUrl is not null)
        {
            File.WriteAllText(Path.Combine(root.Path, "oauth2.conf.ext"), $"tokeninfo_url = {TokenInfoUrl}?access_token=\nusername_attribute = email\n");
        }

        File.WriteAllText(Path.Combine(root.Path, "dovecot.conf"), $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{root.Path}}/base
            state_dir = {{root.Path}}/state
            log_path = {{root.Path}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login{{(TokenInfoUrl is null ? "" : " xoauth2 oauthbearer")}}
            mail_location = maildir:{{Maildir}}
            first_valid_uid = 1
            {{users}}
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{root.Path}}/passwd
            }
            {{oauth}}
            userdb {
              driver = static
              args = uid={{mailUid}} gid={{mailGid}} home={{Maildir}}
            }
            """);
    }

    private async Task StartProcessAsync()
    {
        process = Process.Start(new ProcessStartInfo(Binary, ["-F", "-c", Path.Combine(root.Path, "dovecot.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Dovecot exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()} {Log()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"Dovecot did not listen on 127.0.0.1:{Port} within 30 seconds. {Log()}");
    }

    private async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        process = null;
    }

    /// <summary>The server's log, for a failure message.</summary>
    public string Log()
    {
        var log = Path.Combine(root.Path, "dovecot.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The current user's real id or group id, read from <c>/proc/self/status</c>.</summary>
    private static int CurrentId(string field) =>
        int.Parse(File.ReadLines("/proc/self/status").First(line => line.StartsWith(field + ":", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    private static void Chown(string path, int id)
    {
        using var chown = Process.Start("chown", [$"{id}:{id}", path])!;
        chown.WaitForExit();
    }
}
