using System.Text.Json;
using System.Text.Json.Nodes;
using FollowUp.Engine.Contacts;
using static FollowUp.Engine.Sources.Typeform.TypeformJson;

namespace FollowUp.Engine.Sources.Typeform;

/// <summary>Reads a Typeform <c>form_response</c> into the contact it gives and the data an enrollment keeps.</summary>
/// <remarks>
/// The contact comes from the first <c>email</c> and <c>phone_number</c> answers, then from answers and hidden fields whose
/// ref or name is one of <see cref="FormFields"/> (compared without case), so a merchant sets a question's ref to
/// <c>first_name</c> to have it read as the first name. Typeform omits <c>field.ref</c> from many answers, so refs are
/// looked up by field id in <c>definition.fields</c>; an answer whose field has no ref is keyed by its field id.
/// The data keys <c>form_id</c>, <c>response_token</c>, <c>submitted_at</c> and <c>hidden</c> are the response's own and win over answers with those refs.
/// </remarks>
internal static class TypeformResponseReader
{
    /// <summary>Reads the contact from <paramref name="formResponse"/>, and every answer and hidden field not taken for it into data.</summary>
    /// <param name="formResponse">The delivery's <c>form_response</c> object.</param>
    /// <param name="fields">The refs and hidden field names that hold the contact.</param>
    public static (ContactRequest Contact, JsonElement Data) Read(JsonElement formResponse, FormFields fields)
    {
        var contact = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string[] contactNames = [fields.Email, fields.Phone, fields.Name, fields.FirstName, fields.LastName];
        string? ContactNamed(string name) => contactNames.FirstOrDefault(contactName => string.Equals(contactName, name, StringComparison.OrdinalIgnoreCase));

        var data = new JsonObject();
        var refsById = RefsById(formResponse);
        foreach (var answer in Items(formResponse, "answers"))
        {
            if (Text(answer, "type") is not { } type || !answer.TryGetProperty(type, out var value))
            {
                continue;
            }

            var reference = RefOf(answer, type, refsById);
            var contactName = type switch
            {
                "email" => fields.Email,
                "phone_number" => fields.Phone,
                _ => ContactNamed(reference),
            };
            if (!Take(contact, contactName, value))
            {
                data[reference] = ValueOf(type, value);
            }
        }

        var hidden = new JsonObject();
        foreach (var field in Properties(formResponse, "hidden"))
        {
            if (!Take(contact, ContactNamed(field.Name), field.Value))
            {
                hidden[field.Name] = JsonSerializer.SerializeToNode(field.Value);
            }
        }

        data["form_id"] = Text(formResponse, "form_id");
        data["response_token"] = Text(formResponse, "token");
        data["submitted_at"] = Text(formResponse, "submitted_at");
        data["hidden"] = hidden;
        return (ContactOf(contact, fields), JsonSerializer.SerializeToElement(data));
    }

    /// <summary>Keeps <paramref name="value"/> as the contact's <paramref name="contactName"/> when it is text and that part is not yet known.</summary>
    private static bool Take(Dictionary<string, string> contact, string? contactName, JsonElement value) =>
        contactName is not null
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is { } text
        && !string.IsNullOrWhiteSpace(text)
        && contact.TryAdd(contactName, text.Trim());

    /// <summary>The contact from its parts; a full name fills the first and last names that were not given apart.</summary>
    private static ContactRequest ContactOf(Dictionary<string, string> contact, FormFields fields)
    {
        var (first, last) = ContactNames.Split(contact.GetValueOrDefault(fields.Name));
        return new ContactRequest(
            contact.GetValueOrDefault(fields.Email),
            contact.GetValueOrDefault(fields.Phone),
            contact.GetValueOrDefault(fields.FirstName) ?? first,
            contact.GetValueOrDefault(fields.LastName) ?? last,
            TimeZone: null);
    }

    /// <summary>An answer's value as data: the label of a choice, the labels of choices, otherwise the value as Typeform sent it.</summary>
    private static JsonNode? ValueOf(string type, JsonElement value) => type switch
    {
        "choice" => Text(value, "label") ?? Text(value, "other"),
        "choices" => LabelsOf(value),
        _ => JsonSerializer.SerializeToNode(value),
    };

    /// <summary>The labels of a multiple selection, followed by the respondent's "other" text if there is one.</summary>
    private static JsonArray LabelsOf(JsonElement choices)
    {
        var labels = new JsonArray();
        foreach (var label in Items(choices, "labels").Where(label => label.ValueKind == JsonValueKind.String))
        {
            labels.Add(label.GetString());
        }

        if (Text(choices, "other") is { } other)
        {
            labels.Add(other);
        }

        return labels;
    }

    /// <summary>The refs of the form's questions by field id, from <c>definition.fields</c>.</summary>
    private static Dictionary<string, string> RefsById(JsonElement formResponse)
    {
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in Items(Object(formResponse, "definition"), "fields"))
        {
            if (Text(field, "id") is { } id && Text(field, "ref") is { } reference)
            {
                refs.TryAdd(id, reference);
            }
        }

        return refs;
    }

    /// <summary>The key of an answer: its field's ref, else the ref its field id has in the definition, else the field id, else its type.</summary>
    private static string RefOf(JsonElement answer, string type, Dictionary<string, string> refsById)
    {
        var field = Object(answer, "field");
        var id = Text(field, "id");
        return Text(field, "ref") ?? (id is null ? null : refsById.GetValueOrDefault(id)) ?? id ?? type;
    }
}
