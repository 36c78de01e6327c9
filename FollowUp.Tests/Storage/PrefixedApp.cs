using FollowUp.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;

namespace FollowUp.Tests.Storage;

/// <summary>A FollowUp.Local started by <see cref="StoragePrefixTests"/> with a storage prefix of its own, its client and its outbox.</summary>
internal sealed class PrefixedApp(WebApplication app, HttpClient http, TempFolder outbox) : IAsyncDisposable
{
    public HttpClient Http { get; } = http;

    public TempFolder Outbox { get; } = outbox;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Outbox.Dispose();
    }
}
