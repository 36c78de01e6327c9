using System.Text.Json;
using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Templates;

/// <summary>What a template sees: <c>contact.*</c> and <c>data.*</c>, as plain dictionaries, lists and values, and <c>unsubscribe_url</c>.</summary>
public sealed class TemplateModel
{
    private TemplateModel(IReadOnlyDictionary<string, object?> contact, IReadOnlyDictionary<string, object?> data, string? unsubscribeUrl)
    {
        Contact = contact;
        Data = data;
        UnsubscribeUrl = unsubscribeUrl;
    }

    /// <summary>The contact's fields, named as in the API (<c>firstName</c>).</summary>
    public IReadOnlyDictionary<string, object?> Contact { get; }

    /// <summary>The enrollment's data.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; }

    /// <summary>The email's unsubscribe link, or null (an SMS, or no <c>FollowUp:PublicBaseUrl</c>).</summary>
    public string? UnsubscribeUrl { get; }

    /// <summary>Builds the model of one contact, the data of its enrollment and the email's unsubscribe link.</summary>
    public static TemplateModel Create(Contact contact, JsonElement data, Uri? unsubscribeUrl = null) => new(
        new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["email"] = contact.Email,
            ["phone"] = contact.Phone,
            ["firstName"] = contact.FirstName,
            ["lastName"] = contact.LastName,
            ["timeZone"] = contact.TimeZone,
        },
        data.ValueKind == JsonValueKind.Object ? ToDictionary(data) : new Dictionary<string, object?>(),
        unsubscribeUrl?.AbsoluteUri);

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
