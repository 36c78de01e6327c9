using System.Text.Json.Serialization;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources;

namespace FollowUp.Engine.Storage;

/// <summary>The source-generated serializer metadata of the stored documents; <see cref="StorageJson.Options"/> adds the conventions.</summary>
[JsonSerializable(typeof(SequenceDocument))]
[JsonSerializable(typeof(StoredSteps))]
[JsonSerializable(typeof(List<EnrollmentStep>))]
[JsonSerializable(typeof(StepMessage))]
[JsonSerializable(typeof(SourceDocument))]
[JsonSerializable(typeof(ContactRequest))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
