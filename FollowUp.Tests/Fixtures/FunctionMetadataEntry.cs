using System.Text.Json;
using System.Text.Json.Serialization;

namespace FollowUp.Tests.Fixtures;

/// <summary>One function of a <c>functions.metadata</c> file, as the worker SDK writes it.</summary>
/// <param name="Name">The function's name.</param>
/// <param name="ScriptFile">The assembly that holds it.</param>
/// <param name="EntryPoint">The method, as <c>Namespace.Type.Method</c>.</param>
/// <param name="Bindings">Its bindings, the trigger first.</param>
public sealed record FunctionMetadataEntry(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<FunctionBinding> Bindings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The function's one trigger binding.</summary>
    public FunctionBinding Trigger => Assert.Single(Bindings, binding => binding.Type.EndsWith("Trigger", StringComparison.Ordinal));

    /// <summary>Reads every function in a <c>functions.metadata</c> file.</summary>
    public static IReadOnlyList<FunctionMetadataEntry> ReadAll(string path) =>
        JsonSerializer.Deserialize<List<FunctionMetadataEntry>>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} holds no functions.");

    /// <summary>Reads one binding as the generated metadata provider gives it (raw JSON).</summary>
    public static FunctionBinding ReadBinding(string json) =>
        JsonSerializer.Deserialize<FunctionBinding>(json, Json) ?? throw new InvalidDataException("An empty binding.");
}

/// <summary>One binding of a function in <c>functions.metadata</c>; the fields a trigger kind does not have are null.</summary>
public sealed record FunctionBinding(
    string Name,
    string Type,
    string Direction,
    string? AuthLevel,
    IReadOnlyList<string>? Methods,
    string? Route,
    string? QueueName,
    string? Connection,
    string? Schedule)
{
    /// <summary>The HTTP methods, upper case; empty for other triggers.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> UpperMethods => Methods?.Select(method => method.ToUpperInvariant()).ToList() ?? [];
}
