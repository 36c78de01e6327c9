using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Http;

/// <summary>The JSON conventions of the API: camelCase names, enums as camelCase strings, and unknown fields refused in request bodies.</summary>
/// <remarks>What the engine stores has its own settings, <see cref="Storage.StorageJson"/>, so that changing the API never makes stored data unreadable.</remarks>
public static class FollowUpJson
{
    /// <summary>The serializer options of request bodies and answers.</summary>
    /// <remarks>Answers are JSON documents, never embedded in HTML, so only the characters JSON requires are escaped.</remarks>
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>A JSON answer written with <see cref="Options"/>, so that both hosts answer alike.</summary>
    public static IResult Result<T>(T value, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(value, Options, statusCode: statusCode);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
