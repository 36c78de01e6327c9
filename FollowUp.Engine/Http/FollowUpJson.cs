using System.Text.Json;
using System.Text.Json.Serialization;

namespace FollowUp.Engine.Http;

/// <summary>The JSON conventions of the API and of what the engine stores: camelCase names, enums as camelCase strings.</summary>
public static class FollowUpJson
{
    /// <summary>The serializer options used everywhere.</summary>
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
