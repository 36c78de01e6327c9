using System.Text.Json;
using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Templates;

/// <summary>What a template sees: <c>contact.*</c> and <c>data.*</c>, as plain dictionaries, lists and values.</summary>
public sealed class TemplateModel
{
    private TemplateModel(IReadOnlyDictionary<string, object?> contact, IReadOnlyDictionary<string, object?> data)
    {
        Contact = contact;
        Data = data;
    }

    /// <summary>The contact's fields, named as in the API (<c>firstName</c>).</summary>
    public IReadOnlyDictionary<string, object?> Contact { get; }

    /// <summary>The enrollment's data.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; }

    /// <summary>Builds the model of one contact and the data of its enrollment.</summary>
    public static TemplateModel Create(Contact contact, JsonElement data) => new(
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["email"] = contact.Email,
            ["phone"] = contact.Phone,
            ["firstName"] = contact.FirstName,
            ["lastName"] = contact.LastName,
            ["timeZone"] = contact.TimeZone,
        },
        data.ValueKind == JsonValueKind.Object ? ToDictionary(data) : new Dictionary<string, object?>());

    private static Dictionary<string, object?> ToDictionary(JsonElement element)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = ToValue(property.Value);
        }

        return result;
    }

    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToDictionary(element),
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? integer : element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
