using System.Text.Json;
using FollowUp.Engine.Contacts;

namespace FollowUp.Engine.Templates;

/// <summary>The model a sequence's templates are tried with when it is saved: a contact with every field set, empty data and, for an email, an unsubscribe link.</summary>
/// <remarks>Empty data stands for an enrollment that sent none: a template must render without it (<c>| default:</c> fills a gap), so that only a contact's own data can make it fail when it is due.</remarks>
public static class TemplateSample
{
    /// <summary>The sample contact.</summary>
    public static readonly Contact Contact = new("000000000000", "sample@example.com", "+14155550100", "Sample", "Contact", "Europe/London");

    /// <summary>The model of an email step (with an unsubscribe link) or of an SMS step.</summary>
    public static TemplateModel For(bool email) =>
        TemplateModel.Create(Contact, JsonElement.Parse("{}"), email ? new Uri("https://example.com/unsubscribe/sample") : null);
}
