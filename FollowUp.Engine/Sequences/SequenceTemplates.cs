using System.Reflection;
using System.Text.Json;
using FollowUp.Engine.Http;

namespace FollowUp.Engine.Sequences;

/// <summary>The sequence templates a business can start from: the files of <c>samples/templates</c>, embedded in the engine.</summary>
public sealed class SequenceTemplates
{
    /// <summary>The prefix of the embedded resources' names; the rest is the file name.</summary>
    public const string ResourcePrefix = "FollowUp.SequenceTemplates.";

    private static readonly Dictionary<string, (string Title, string Description)> Words = new(StringComparer.Ordinal)
    {
        ["lead-follow-up"] = ("New lead follow-up", "Thanks a new enquiry at once, then checks in on day 3, day 7 and once more after two weeks; stops when they reply."),
        ["quote-follow-up"] = ("Quote follow-up", "After you send a quote: checks it arrived, offers to answer questions, then a gentle note before it expires."),
        ["abandoned-checkout"] = ("Abandoned checkout", "Reminds a shopper who left items in the basket: a few hours later, the next day, and a last time; stops when they order."),
        ["post-purchase-review"] = ("Thank-you and review request", "Thanks a buyer, asks how things are going a week later, then asks for a review with your link."),
    };

    /// <summary>Reads every embedded template.</summary>
    /// <exception cref="InvalidOperationException">A template has no title or does not parse: a fault of the build, not of a request.</exception>
    public SequenceTemplates()
    {
        var assembly = typeof(SequenceTemplates).Assembly;
        All = [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Load(assembly, name))];
    }

    /// <summary>Every template, ordered by id.</summary>
    public IReadOnlyList<SequenceTemplate> All { get; }

    /// <summary>The template with this id, or null.</summary>
    public SequenceTemplate? Find(string id) => All.FirstOrDefault(template => template.Id == id);

    private static SequenceTemplate Load(Assembly assembly, string resource)
    {
        var id = resource[ResourcePrefix.Length..^".json".Length];
        if (!Words.TryGetValue(id, out var words))
        {
            throw new InvalidOperationException($"The sequence template '{id}' has no title; add it to {nameof(SequenceTemplates)}.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var json = reader.ReadToEnd();
        var request = JsonSerializer.Deserialize<SequenceRequest>(json, FollowUpJson.Options)
            ?? throw new InvalidOperationException($"The sequence template '{id}' is empty.");
        return new SequenceTemplate(id, words.Title, words.Description, json, request);
    }
}
