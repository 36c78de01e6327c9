using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sources;

/// <summary>Authenticates and reads the deliveries of one <see cref="SourceKind"/>.</summary>
public interface ISourceReceiver
{
    /// <summary>The kind of source this receiver reads.</summary>
    SourceKind Kind { get; }

    /// <summary>Checks a delivery and reads what it says.</summary>
    /// <param name="request">The HTTP request: headers, query, connection, and (for forms) the form. Its body is already read into <paramref name="body"/>.</param>
    /// <param name="body">The raw body, at most 256 KiB: signatures are computed over exactly these bytes.</param>
    /// <param name="source">The source the delivery is for.</param>
    /// <param name="secret">The value of the source's secret setting; null for forms.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What the delivery says, or why it is refused or ignored.</returns>
    Task<ReceivedDelivery> ReceiveAsync(HttpRequest request, ReadOnlyMemory<byte> body, Source source, string? secret, CancellationToken cancellationToken);

    /// <summary>The answer to a delivery that was acted on (or was a repeat): JSON for webhooks, a redirect or a page for forms.</summary>
    IResult Answer(Source source, DeliveryOutcome outcome);

    /// <summary>The answer to a delivery the endpoint refused after the receiver read it (too large, an invalid contact); forms add their CORS headers.</summary>
    IResult Refuse(Source source, IResult problem) => problem;
}
