using Azure.Core;
using Azure.Core.Pipeline;

namespace FollowUp.Engine.Storage;

/// <summary>The pipeline step that tells a <see cref="StorageRequestCounter"/> of every request a storage client sends.</summary>
/// <remarks>It sits per retry, so each attempt counts as the separate transaction the service bills it as.</remarks>
internal sealed class StorageRequestPolicy(StorageRequestCounter counter, StorageService service) : HttpPipelinePolicy
{
    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var kind = StorageRequestClassifier.Classify(service, message.Request);
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            counter.Record(kind, Failed(message));
        }
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var kind = StorageRequestClassifier.Classify(service, message.Request);
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        finally
        {
            counter.Record(kind, Failed(message));
        }
    }

    private static bool Failed(HttpMessage message) => !message.HasResponse || message.Response.Status >= 400;
}
