using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Channels.Smtp;

/// <summary>Loopback SMTP servers shared by a test class: one open to all that refuses some recipients, one that requires a login, and one that soon drops quiet connections.</summary>
public sealed class SmtpServers : IAsyncLifetime
{
    /// <summary>The user the login server accepts.</summary>
    public const string User = "mailer";

    /// <summary>The password the login server accepts.</summary>
    public const string Password = "s3cret-Pa55word";

    /// <summary>How the open server answers RCPT TO for these recipients.</summary>
    public static readonly IReadOnlyDictionary<string, SmtpRefusal> Refusals = new Dictionary<string, SmtpRefusal>
    {
        ["unknown@customer.test"] = new(550, "5.1.1 <unknown@customer.test>: Recipient address rejected: User unknown"),
        ["refused@customer.test"] = new(554, "5.7.1 Message refused"),
        ["closing@customer.test"] = new(421, "4.7.0 Try again later, closing connection"),
        ["crowded@customer.test"] = new(452, "4.5.3 Too many recipients"),
        ["fast@customer.test"] = new(450, "4.2.1 The user is receiving mail at a rate that prevents delivery"),
        ["greylisted@customer.test"] = new(451, "4.7.1 Greylisted, please try again"),
        ["full@customer.test"] = new(452, "4.3.1 Insufficient system storage"),
        ["oversized@customer.test"] = new(452, "4.3.4 Message size exceeds fixed limit"),
    };

    /// <summary>How long <see cref="Impatient"/> lets a connection stay quiet.</summary>
    public static readonly TimeSpan ImpatientIdleTimeout = TimeSpan.FromSeconds(1);

    private LoopbackSmtpServer? open;
    private LoopbackSmtpServer? withLogin;
    private LoopbackSmtpServer? impatient;

    /// <summary>Accepts anyone without a login, except the <see cref="Refusals"/>.</summary>
    public LoopbackSmtpServer Open => open ?? throw new InvalidOperationException("Not started.");

    /// <summary>Requires AUTH with <see cref="User"/> and <see cref="Password"/>.</summary>
    public LoopbackSmtpServer WithLogin => withLogin ?? throw new InvalidOperationException("Not started.");

    /// <summary>Closes a connection after <see cref="ImpatientIdleTimeout"/> of quiet.</summary>
    public LoopbackSmtpServer Impatient => impatient ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var starting = new[]
        {
            LoopbackSmtpServer.StartAsync(new LoopbackSmtpSettings(Refusals: Refusals)),
            LoopbackSmtpServer.StartAsync(new LoopbackSmtpSettings(User, Password)),
            LoopbackSmtpServer.StartAsync(new LoopbackSmtpSettings(IdleTimeoutMs: (int)ImpatientIdleTimeout.TotalMilliseconds)),
        };
        (open, withLogin, impatient) = (await starting[0], await starting[1], await starting[2]);
    }

    public async Task DisposeAsync()
    {
        await Open.DisposeAsync();
        await WithLogin.DisposeAsync();
        await Impatient.DisposeAsync();
    }
}
