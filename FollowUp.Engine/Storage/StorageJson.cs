using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources;

namespace FollowUp.Engine.Storage;

/// <summary>
/// The JSON of every document the engine stores, in a table property or a queue message: the API's camelCase names, unknown
/// members skipped, and the format version as a first property <c>v</c>. The API keeps its own strict settings in <see cref="Http.FollowUpJson"/>.
/// </summary>
/// <remarks>
/// The version lives inside the document rather than in a column beside it, so that a queue message (which has no columns)
/// and a table row follow one rule, and a body copied as it is (to the poison queue, or put back) keeps its version.
/// Rules: adding an optional member needs no new version, since older readers skip it; renaming, removing or changing the
/// meaning of a member (or adding an enum value) raises <see cref="Version"/>, and the reader then keeps reading every older version.
/// A document without <c>v</c> was written before versions were kept and is version 1. A document newer than
/// <see cref="Version"/> is never read (nor overwritten): <see cref="NewerStorageFormatException"/> says so, and a queue
/// message that carries one is put back for a newer worker.
/// </remarks>
public static class StorageJson
{
    /// <summary>The name of the version property, written first in every document.</summary>
    public const string VersionProperty = "v";

    /// <summary>The format version this code writes, and the newest it reads.</summary>
    public const int Version = 1;

    /// <summary>The version of a document written before versions were kept: one without <see cref="VersionProperty"/>.</summary>
    public const int Unversioned = 1;

    /// <summary>The types stored as documents of their own, which carry <see cref="VersionProperty"/>; the types inside them do not.</summary>
    private static readonly HashSet<Type> Documents =
        [typeof(SequenceDocument), typeof(StoredSteps), typeof(StepMessage), typeof(SourceDocument), typeof(ContactRequest)];

    /// <summary>The serializer options of stored documents: source-generated metadata (<see cref="StorageJsonContext"/>), unknown members skipped.</summary>
    /// <remarks>Stored text is never embedded in HTML, so only the characters JSON requires are escaped, as the code before versions wrote it.</remarks>
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>The JSON text of <paramref name="document"/>, with <see cref="VersionProperty"/> first.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a stored document type.</exception>
    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, TypeInfo<T>());

    /// <summary>Reads a stored document of any version up to <see cref="Version"/>.</summary>
    /// <exception cref="NewerStorageFormatException">A newer version of FollowUp wrote the document.</exception>
    /// <exception cref="JsonException">The text is not a <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(string json)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            return Deserialize<T>(rented.AsSpan(0, Encoding.UTF8.GetBytes(json, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads a stored document, as UTF-8, of any version up to <see cref="Version"/>.</summary>
    /// <exception cref="NewerStorageFormatException">A newer version of FollowUp wrote the document.</exception>
    /// <exception cref="JsonException">The text is not a <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8)
    {
        var version = VersionOf(utf8);
        if (version > Version)
        {
            throw new NewerStorageFormatException(typeof(T).Name, version);
        }

        return JsonSerializer.Deserialize(utf8, TypeInfo<T>()) ?? throw new JsonException($"A stored {typeof(T).Name} is null.");
    }

    /// <summary>The version of a stored document: its top-level <see cref="VersionProperty"/>, or <see cref="Unversioned"/> without one (an array included).</summary>
    /// <remarks>Writers put the version first, so only a document written before versions were kept is read to its end here.</remarks>
    /// <exception cref="JsonException">The text is not JSON, or its version is not a whole number from 1.</exception>
    public static int VersionOf(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Unversioned;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals(VersionProperty);
            reader.Read();
            if (isVersion)
            {
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) && version >= 1
                    ? version
                    : throw new JsonException($"The stored format version \"{VersionProperty}\" must be a whole number from 1.");
            }

            reader.Skip();
        }

        return Unversioned;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = StorageJsonContext.Default.WithAddedModifier(AddVersion),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Adds <see cref="VersionProperty"/>, written first and skipped when read, to the stored document types.</summary>
    private static void AddVersion(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || !Documents.Contains(typeInfo.Type))
        {
            return;
        }

        var version = typeInfo.CreateJsonPropertyInfo(typeof(int), VersionProperty);
        version.Get = _ => Version;
        version.Order = int.MinValue;
        typeInfo.Properties.Insert(0, version);
    }
}
