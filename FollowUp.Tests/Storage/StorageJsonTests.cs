using System.Text.Json;
using System.Text.Json.Nodes;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Storage;

public sealed class StorageJsonTests
{
    [Theory]
    [InlineData("sequence-version.json")]
    [InlineData("enrollment-steps.json")]
    [InlineData("step-message.json")]
    [InlineData("step-message-slot.json")]
    [InlineData("step-message-delivery-check.json")]
    [InlineData("source.json")]
    [InlineData("confirmation-contact.json")]
    public void VersionOf_DocumentWrittenBeforeVersions_IsVersion1(string file)
    {
        Assert.Equal(1, StorageJson.VersionOf(System.Text.Encoding.UTF8.GetBytes(StoredSamples.Read(file))));
    }

    [Fact]
    public void Deserialize_SequenceVersionWrittenBeforeVersions_ReadsEveryField()
    {
        var sequence = StorageJson.Deserialize<SequenceDocument>(StoredSamples.Read("sequence-version.json")).ToSequence();

        Assert.Equal(["thanks", "tip", "close"], sequence.Steps.Select(s => s.Id));
        Assert.Equal(TimeSpan.FromDays(3), sequence.Steps[1].After);
        Assert.Equal(["a", "b"], sequence.Steps[0].Variants.Select(v => v.Id));
        Assert.Equal(ReenrollPolicy.Always, sequence.Reenroll);
        Assert.Equal(["purchased"], sequence.StopOn.Events);
        Assert.Equal("Europe/London", sequence.Timing.TimeZone);
        Assert.NotNull(sequence.Timing.Window);
        Assert.Equal(TimeSpan.FromMinutes(15), sequence.Timing.Spread);
        Assert.Single(sequence.Timing.Holidays);
        Assert.Equal(["owner@example.com"], sequence.NotifyEmail);
        Assert.True(sequence.TrackClicks);
    }

    [Fact]
    public void Deserialize_StepMessagesInFlightBeforeVersions_ReadEveryField()
    {
        var plain = StepMessage.Parse(StoredSamples.Read("step-message.json"));
        var slot = StepMessage.Parse(StoredSamples.Read("step-message-slot.json"));
        var check = StepMessage.Parse(StoredSamples.Read("step-message-delivery-check.json"));

        Assert.Equal(new StepMessage(StoredSamples.EnrollmentId, "tip", 1), plain);
        Assert.Equal(DateTimeOffset.Parse("2026-12-11T22:45:31.7823028+00:00", System.Globalization.CultureInfo.InvariantCulture), slot.SlotUtc);
        Assert.Equal(2, slot.Attempt);
        Assert.True(check.CheckDelivery);
        Assert.Equal(1, check.Attempt);
    }

    /// <summary>Each sample written again: the same text as before, with <c>v</c> first; the steps, an array before, in an object.</summary>
    [Theory]
    [InlineData("sequence-version.json")]
    [InlineData("enrollment-steps.json")]
    [InlineData("step-message.json")]
    [InlineData("step-message-slot.json")]
    [InlineData("step-message-delivery-check.json")]
    [InlineData("source.json")]
    [InlineData("confirmation-contact.json")]
    public void Serialize_DocumentReadFromBeforeVersions_WritesTheSameTextWithVersionFirst(string file)
    {
        var before = StoredSamples.Read(file);

        var after = file switch
        {
            "sequence-version.json" => StorageJson.Serialize(StorageJson.Deserialize<SequenceDocument>(before)),
            "enrollment-steps.json" => StorageJson.Serialize(new StoredSteps(StorageJson.Deserialize<List<EnrollmentStep>>(before))),
            "source.json" => StorageJson.Serialize(StorageJson.Deserialize<SourceDocument>(before)),
            "confirmation-contact.json" => StorageJson.Serialize(StorageJson.Deserialize<ContactRequest>(before)),
            _ => StepMessage.Parse(before).ToJson(),
        };

        var expected = file == "enrollment-steps.json" ? $$"""{"v":1,"steps":{{before}}}""" : """{"v":1,""" + before[1..];
        Assert.Equal(expected, after);
    }

    [Fact]
    public void Deserialize_UnknownMembersAtEveryLevel_AreSkipped()
    {
        var sequence = JsonNode.Parse(StoredSamples.Read("sequence-version.json"))!;
        sequence["archived"] = true;
        sequence["steps"]![0]!["colour"] = "red";
        sequence["steps"]![0]!["variants"]![1]!["sendWindow"]!["note"] = "weekend";
        sequence["stopOn"]!["unsubscribe"] = true;
        var steps = new JsonObject { ["v"] = 1, ["steps"] = JsonNode.Parse(StoredSamples.Read("enrollment-steps.json")), ["cursor"] = 7 };
        steps["steps"]![1]!["opened"] = false;
        var message = JsonNode.Parse(StoredSamples.Read("step-message-slot.json"))!;
        message["priority"] = "high";
        var source = JsonNode.Parse(StoredSamples.Read("source.json"))!;
        source["on"]!["submit"]!["tag"] = "x";
        var contact = JsonNode.Parse(StoredSamples.Read("confirmation-contact.json"))!;
        contact["locale"] = "en-GB";

        Assert.Equal("Welcome", StorageJson.Deserialize<SequenceDocument>(sequence.ToJsonString()).ToSequence().Name);
        Assert.Equal(StepStatus.Pending, StorageJson.Deserialize<StoredSteps>(steps.ToJsonString()).Steps[1].Status);
        Assert.Equal(2, StepMessage.Parse(message.ToJsonString()).Attempt);
        Assert.Equal("signed-up", StorageJson.Deserialize<SourceDocument>(source.ToJsonString()).On["submit"].Event);
        Assert.Equal("Ann", StorageJson.Deserialize<ContactRequest>(contact.ToJsonString()).FirstName);
    }

    [Fact]
    public void Deserialize_UnknownMemberInTheSameTypesAsTheApi_IsRefusedByTheApiOptionsOnly()
    {
        var sequence = JsonNode.Parse(StoredSamples.Read("sequence-version.json"))!;
        sequence["stopOn"]!["unsubscribe"] = true;
        var json = sequence.ToJsonString();

        var (value, field, error) = JsonBody.Read<SequenceDocument>(System.Text.Encoding.UTF8.GetBytes(json), FollowUpJson.Options);

        Assert.Null(value);
        Assert.Equal("stopOn.unsubscribe", field);
        Assert.Equal("This field is not known.", error);
        Assert.True(StorageJson.Deserialize<SequenceDocument>(json).StopOn.Reply);
    }

    [Theory]
    [InlineData("""{"v":1,"enrollmentId":"e","stepId":"s","sequenceVersion":1}""", 1)]
    [InlineData("""{"v":7,"enrollmentId":"e"}""", 7)]
    [InlineData("""{"enrollmentId":"e","nested":{"v":9},"v":3}""", 3)]
    [InlineData("""{"enrollmentId":"e","nested":{"v":9}}""", 1)]
    [InlineData("""[{"v":4}]""", 1)]
    [InlineData("""{}""", 1)]
    public void VersionOf_Document_IsItsTopLevelV(string json, int version) =>
        Assert.Equal(version, StorageJson.VersionOf(System.Text.Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"v":"2"}""")]
    [InlineData("""{"v":0}""")]
    [InlineData("""{"v":1.5}""")]
    [InlineData("""{"v":null}""")]
    [InlineData("""{"v":1""")]
    public void VersionOf_MalformedVersion_Throws(string json) =>
        Assert.ThrowsAny<JsonException>(() => StorageJson.VersionOf(System.Text.Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Deserialize_NewerVersion_ThrowsNamingTheDocumentAndVersion()
    {
        var json = """{"v":2,"enrollmentId":"e","stepId":"s","sequenceVersion":1,"channelHint":"sms"}""";

        var exception = Assert.Throws<NewerStorageFormatException>(() => StepMessage.Parse(json));

        Assert.Equal(nameof(StepMessage), exception.Document);
        Assert.Equal(2, exception.Version);
        Assert.Throws<NewerStorageFormatException>(() => StorageJson.Deserialize<StoredSteps>("""{"v":2,"steps":[]}"""));
    }

    [Fact]
    public void Parse_NotAStepMessage_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => StepMessage.Parse("""{"v":1,"stepId":"s"}"""));
        Assert.Throws<FormatException>(() => StepMessage.Parse("not json"));
    }

    [Fact]
    public void Serialize_NestedTypes_CarryNoVersion()
    {
        var json = StorageJson.Serialize(StorageJson.Deserialize<SequenceDocument>(StoredSamples.Read("sequence-version.json")));

        using var document = JsonDocument.Parse(json);
        Assert.Equal(1, document.RootElement.GetProperty("v").GetInt32());
        Assert.False(document.RootElement.GetProperty("stopOn").TryGetProperty("v", out _));
        Assert.False(document.RootElement.GetProperty("steps")[0].TryGetProperty("v", out _));
    }
}
