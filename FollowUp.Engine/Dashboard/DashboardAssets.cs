using System.Collections.Frozen;
using System.IO.Hashing;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard;

/// <summary>The dashboard's stylesheet and script (each one bundle), embedded in the engine and served by the app itself: nothing is fetched from elsewhere.</summary>
/// <remarks>Each file's address carries a hash of its bytes, so browsers keep it for a year and a new version is a new address.</remarks>
public sealed class DashboardAssets
{
    private const string ResourcePrefix = "FollowUp.Dashboard.";

    private static readonly (string Bundle, string Extension, string Type)[] Bundles =
        [("dashboard.css", ".css", "text/css; charset=utf-8"), ("dashboard.js", ".js", "text/javascript; charset=utf-8")];

    private readonly FrozenDictionary<string, Asset> assets;

    /// <summary>Reads every embedded asset once and bundles them into one stylesheet and one script.</summary>
    /// <remarks>Each area may keep its own <c>Assets/&lt;area&gt;.css</c> or <c>.js</c>; they are served after <c>dashboard.css</c> and <c>dashboard.js</c>, in name order, as one file each.</remarks>
    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return (Name: name[ResourcePrefix.Length..], Text: reader.ReadToEnd());
            })
            .ToList();
        assets = Bundles
            .Select(kind =>
            {
                var parts = files.Where(file => file.Name.EndsWith(kind.Extension, StringComparison.Ordinal))
                    .OrderBy(file => file.Name == kind.Bundle ? 0 : 1).ThenBy(file => file.Name, StringComparer.Ordinal);
                var bytes = Encoding.UTF8.GetBytes(string.Join("\n", parts.Select(file => file.Text)));
                return new Asset(kind.Bundle, bytes, Convert.ToHexStringLower(XxHash64.Hash(bytes))[..12], kind.Type);
            })
            .ToFrozenDictionary(asset => asset.Name);
    }

    /// <summary>The address of <paramref name="file"/> (<c>dashboard.css</c>), with its version.</summary>
    public string Url(string file) => $"{DashboardPaths.Root}/assets/{file}?v={assets[file].Version}";

    /// <summary>Answers a request for an asset.</summary>
    public Task<IResult> ServeAsync(DashboardRequest request)
    {
        if (!assets.TryGetValue(request.Route("file"), out var asset))
        {
            return Task.FromResult<IResult>(TypedResults.NotFound());
        }

        request.Http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        request.Http.Response.Headers.XContentTypeOptions = "nosniff";
        return Task.FromResult<IResult>(TypedResults.Bytes(asset.Bytes, asset.ContentType));
    }

    private sealed record Asset(string Name, byte[] Bytes, string Version, string ContentType);
}
