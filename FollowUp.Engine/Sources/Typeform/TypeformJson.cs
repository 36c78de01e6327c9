using System.Text.Json;

namespace FollowUp.Engine.Sources.Typeform;

/// <summary>Lenient reads of Typeform's JSON, where optional parts may be absent or null.</summary>
internal static class TypeformJson
{
    /// <summary>A non-empty string property; null when <paramref name="element"/> is not an object or the property is absent or not text.</summary>
    public static string? Text(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.String) is { } value && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>An object property; <c>default</c> (undefined) when it is absent or not an object.</summary>
    public static JsonElement Object(JsonElement element, string name) => Property(element, name, JsonValueKind.Object) ?? default;

    /// <summary>The properties of an object property; none when it is absent, null or not an object.</summary>
    public static IEnumerable<JsonProperty> Properties(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.Object) is { } properties ? properties.EnumerateObject() : [];

    /// <summary>The items of an array property; none when it is absent, null or not an array.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.Array) is { } items ? items.EnumerateArray() : [];

    private static JsonElement? Property(JsonElement element, string name, JsonValueKind kind) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind ? value : null;
}
