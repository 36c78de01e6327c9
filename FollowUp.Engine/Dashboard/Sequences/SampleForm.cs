using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>The sample contact and data the editor previews a sequence for; its inputs are named as the preview's checks name them (<c>contact.email</c>, <c>data</c>).</summary>
public sealed class SampleForm
{
    /// <summary>The names of the sample's inputs, which errors are shown beside.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["contact", "contact.firstName", "contact.email", "contact.phone", "contact.timeZone", "data"];

    /// <summary>The contact's first name.</summary>
    public string FirstName { get; set; } = "Sam";

    /// <summary>The contact's email address.</summary>
    public string Email { get; set; } = "sam@example.com";

    /// <summary>The contact's phone number.</summary>
    public string Phone { get; set; } = "+14155550123";

    /// <summary>The contact's time zone, or blank for the sequence's.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>The enrollment's data, as a JSON object.</summary>
    public string Data { get; set; } = "{}";

    /// <summary>Reads the posted sample; a field left out keeps its default.</summary>
    public static SampleForm Read(IFormCollection form)
    {
        var sample = new SampleForm();
        sample.FirstName = Posted(form, "contact.firstName") ?? sample.FirstName;
        sample.Email = Posted(form, "contact.email") ?? sample.Email;
        sample.Phone = Posted(form, "contact.phone") ?? sample.Phone;
        sample.TimeZone = Posted(form, "contact.timeZone") ?? sample.TimeZone;
        sample.Data = Posted(form, "data") ?? sample.Data;
        return sample;
    }

    /// <summary>The preview's body; data that is not JSON is named in <paramref name="formErrors"/>.</summary>
    public PreviewRequest ToRequest(Dictionary<string, string> formErrors)
    {
        JsonElement? data = null;
        if (!string.IsNullOrWhiteSpace(Data))
        {
            try
            {
                data = JsonElement.Parse(Data);
            }
            catch (JsonException exception)
            {
                formErrors["data"] = $"This is not JSON ({exception.Message.Split('.')[0]}). Write an object such as {{\"interest\": \"a new kitchen\"}}.";
            }
        }

        var contact = new ContactRequest(SequenceForm.Blank(Email), SequenceForm.Blank(Phone), SequenceForm.Blank(FirstName), null, SequenceForm.Blank(TimeZone));
        return new PreviewRequest(contact, data, null);
    }

    private static string? Posted(IFormCollection form, string name) => form.ContainsKey(name) ? form[name].FirstOrDefault()?.Trim() ?? "" : null;
}
