using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FollowUp.Tests.Fixtures;

/// <summary>A stand-in for Microsoft Entra's token endpoint on loopback HTTPS (a self-signed certificate), with a token-info route on plain HTTP for Dovecot's passdb oauth2.</summary>
/// <remarks>
/// <c>POST /{tenant}/oauth2/v2.0/token</c> grants one random access token for the client credentials it was made with, and
/// only for the Microsoft 365 IMAP scope; <c>GET /tokeninfo?access_token=</c> answers <c>{"email": user}</c> for that token and
/// 401 for any other. Every token request's form is recorded.
/// </remarks>
public sealed class LoopbackTokenEndpoint : IAsyncDisposable
{
    /// <summary>The scope FollowUp asks for.</summary>
    public const string Scope = "https://outlook.office365.com/.default";

    private readonly WebApplication app;
    private readonly List<IReadOnlyDictionary<string, string>> tokenRequests = [];

    private LoopbackTokenEndpoint(WebApplication app, X509Certificate2 certificate, string tenantId, string clientId, string clientSecret, string user)
    {
        this.app = app;
        Certificate = certificate;
        TenantId = tenantId;
        ClientId = clientId;
        ClientSecret = clientSecret;
        User = user;
    }

    public X509Certificate2 Certificate { get; }

    public string TenantId { get; }

    public string ClientId { get; }

    public string ClientSecret { get; }

    public string User { get; }

    /// <summary>The access token this endpoint grants.</summary>
    public string AccessToken { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>The HTTPS authority host, <c>https://127.0.0.1:port/</c>.</summary>
    public Uri AuthorityHost { get; private set; } = null!;

    /// <summary>The plain-HTTP token-info address Dovecot calls.</summary>
    public Uri TokenInfoUrl { get; private set; } = null!;

    /// <summary>The forms of the token requests received, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> TokenRequests
    {
        get
        {
            lock (tokenRequests)
            {
                return [.. tokenRequests];
            }
        }
    }

    /// <summary>How many token-info checks vouched for the token.</summary>
    public int VouchedCount => vouched;

    private int vouched;

    /// <summary>Starts the endpoint for one app registration and mail user.</summary>
    public static async Task<LoopbackTokenEndpoint> StartAsync(string user)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var endpoint = new LoopbackTokenEndpoint(app, certificate, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), user);
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpRequest http) =>
        {
            var form = (await http.ReadFormAsync()).ToDictionary(field => field.Key, field => field.Value.ToString());
            lock (endpoint.tokenRequests)
            {
                endpoint.tokenRequests.Add(form);
            }

            var granted = tenant == endpoint.TenantId && form.GetValueOrDefault("grant_type") == "client_credentials"
                && form.GetValueOrDefault("client_id") == endpoint.ClientId && form.GetValueOrDefault("client_secret") == endpoint.ClientSecret
                && form.GetValueOrDefault("scope") == Scope;
            return granted
                ? Results.Json(new Dictionary<string, object> { ["token_type"] = "Bearer", ["expires_in"] = 3600, ["ext_expires_in"] = 3600, ["access_token"] = endpoint.AccessToken })
                : Results.Json(new Dictionary<string, object> { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
        });
        app.MapGet("/tokeninfo", (string? access_token) =>
        {
            if (access_token != endpoint.AccessToken)
            {
                return Results.Json(new Dictionary<string, object> { ["error"] = "invalid_token" }, statusCode: 401);
            }

            Interlocked.Increment(ref endpoint.vouched);
            return Results.Json(new Dictionary<string, object> { ["email"] = endpoint.User, ["active"] = true });
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(address => new Uri(address)).ToList();
        endpoint.AuthorityHost = new Uri(addresses.Single(address => address.Scheme == "https").GetLeftPart(UriPartial.Authority) + "/");
        endpoint.TokenInfoUrl = new Uri(addresses.Single(address => address.Scheme == "http").GetLeftPart(UriPartial.Authority) + "/tokeninfo");
        return endpoint;
    }

    /// <summary>An HTTP handler that trusts this endpoint's certificate, and no other self-signed one.</summary>
    public SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                errors == SslPolicyErrors.None || presented?.GetCertHashString() == Certificate.GetCertHashString(),
        },
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        Certificate.Dispose();
    }
}
