namespace FollowUp.Engine.Http;

/// <summary>Collects invalid fields, each named by its JSON path (<c>steps[1].after</c>), for a problem+json answer.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    /// <summary>Whether no error was added.</summary>
    public bool IsEmpty => errors.Count == 0;

    /// <summary>How many errors were added, over all fields.</summary>
    public int Count => errors.Values.Sum(messages => messages.Count);

    /// <summary>Records that <paramref name="field"/> is invalid, and why.</summary>
    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>The errors in the shape of <see cref="Microsoft.AspNetCore.Http.HttpValidationProblemDetails.Errors"/>.</summary>
    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
