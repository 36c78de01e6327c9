using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Functions;

/// <summary>FollowUp.Functions' HTTP functions store and answer what the same FollowUp.Local routes do, over one Azurite.</summary>
public sealed class FunctionsHttpTests(FunctionsHttpTests.BothHosts hosts) : IClassFixture<FunctionsHttpTests.BothHosts>
{
    /// <summary>FollowUp.Local with the function key as its API key, and the Functions worker over the same storage and outbox.</summary>
    public sealed class BothHosts : LocalAppFixture
    {
        private Dictionary<string, string?> settings = [];

        public FunctionsWorker Worker { get; private set; } = null!;

        /// <summary>A client of the functions that sends the function key.</summary>
        public HttpClient Functions { get; private set; } = null!;

        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["FollowUp:ApiKey"] = FunctionsWorker.FunctionKey;
            this.settings = settings;
        }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Worker = await FunctionsWorker.StartAsync(settings);
            Functions = Worker.CreateClient();
            Http.DefaultRequestHeaders.Add("x-functions-key", FunctionsWorker.FunctionKey);
        }

        public override async Task DisposeAsync()
        {
            Functions.Dispose();
            Worker.Dispose();
            await base.DisposeAsync();
        }
    }

    private HttpClient Local => hosts.Http;

    private HttpClient Functions => hosts.Functions;

    [Fact]
    public async Task PutSequence_ThroughTheFunction_IsStoredAndReadAlikeByBothHosts()
    {
        var id = TestData.Id("fn-seq");
        var body = SequenceJson.Sequence("Welcome", true, SequenceJson.Email("thanks", "PT1H"), SequenceJson.Sms("nudge", "P3D"));

        var put = await Functions.PutAsJsonAsync($"/api/sequences/{id}", body);

        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var fromLocal = await Local.GetAsync($"/api/sequences/{id}");
        var fromFunctions = await Functions.GetAsync($"/api/sequences/{id}");
        Assert.Equal(HttpStatusCode.OK, fromLocal.StatusCode);
        await AssertSameAnswerAsync(fromLocal, fromFunctions);
        Assert.Equal("Welcome", (await JsonAsync(fromFunctions))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateEnrollment_ThroughTheFunction_AnswersAsLocalDoesAndIsReadAlike()
    {
        var sequenceId = await SequenceAsync(Local);
        var enrollment = new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann", timeZone = "Europe/Paris" } };

        var viaFunction = await Functions.PostAsJsonAsync("/api/enrollments", enrollment);
        var viaLocal = await Local.PostAsJsonAsync("/api/enrollments", enrollment with { contact = enrollment.contact with { email = TestData.Email() } });

        Assert.Equal(HttpStatusCode.Created, viaFunction.StatusCode);
        Assert.Equal(viaLocal.StatusCode, viaFunction.StatusCode);
        var created = await JsonAsync(viaFunction);
        Assert.Equal(Keys(await JsonAsync(viaLocal)), Keys(created));
        var id = created["enrollmentId"]!.GetValue<string>();
        Assert.Equal(viaLocal.Headers.Location is null, viaFunction.Headers.Location is null);
        await AssertSameAnswerAsync(await Local.GetAsync($"/api/enrollments/{id}"), await Functions.GetAsync($"/api/enrollments/{id}"));
    }

    [Fact]
    public async Task BadSequence_ThroughEitherHost_IsTheSameProblemAndStoresNothing()
    {
        var id = TestData.Id("fn-bad");
        using var bad = new StringContent("""{"name":"No steps","steps":[]}""", Encoding.UTF8, "application/json");
        using var same = new StringContent("""{"name":"No steps","steps":[]}""", Encoding.UTF8, "application/json");

        var fromFunctions = await Functions.PutAsync($"/api/sequences/{id}", bad);
        var fromLocal = await Local.PutAsync($"/api/sequences/{id}", same);

        Assert.Equal("application/problem+json", fromFunctions.Content.Headers.ContentType?.MediaType);
        await AssertSameAnswerAsync(fromLocal, fromFunctions);
        Assert.Equal(HttpStatusCode.NotFound, (await Functions.GetAsync($"/api/sequences/{id}")).StatusCode);
    }

    [Fact]
    public async Task ContactAndHealth_ThroughTheFunctions_AnswerAsLocalDoes()
    {
        var sequenceId = await SequenceAsync(Functions);
        var email = TestData.Email();
        (await Functions.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName = "Bo" } })).EnsureSuccessStatusCode();

        await AssertSameAnswerAsync(await Local.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}"), await Functions.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}"));
        await AssertSameAnswerAsync(await Local.GetAsync("/api/health"), await Functions.GetAsync("/api/health"));
    }

    [Fact]
    public async Task UnsubscribePage_WithABadToken_IsTheSamePageFromBothHosts()
    {
        var fromFunctions = await Functions.GetAsync("/api/unsubscribe?t=not-a-token");

        Assert.Equal("text/html", fromFunctions.Content.Headers.ContentType?.MediaType);
        await AssertSameAnswerAsync(await Local.GetAsync("/api/unsubscribe?t=not-a-token"), fromFunctions);
    }

    [Theory]
    [InlineData("GET", "/api/sequences/any")]
    [InlineData("POST", "/api/enrollments")]
    [InlineData("GET", "/api/contacts/ann%40example.com")]
    public async Task KeyedFunction_WithoutTheKey_IsRefused(string method, string path)
    {
        using var withoutKey = hosts.Worker.CreateClient(withKey: false);

        var response = await withoutKey.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<string> SequenceAsync(HttpClient client)
    {
        var id = TestData.Id("fn-seq");
        (await client.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Test", true, SequenceJson.Email("first", "P1D")))).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Both answers have the same status, media type and body (JSON compared as JSON, each problem's own <c>traceId</c> aside).</summary>
    private static async Task AssertSameAnswerAsync(HttpResponseMessage local, HttpResponseMessage functions)
    {
        Assert.Equal(local.StatusCode, functions.StatusCode);
        Assert.Equal(local.Content.Headers.ContentType?.MediaType, functions.Content.Headers.ContentType?.MediaType);
        var expected = await local.Content.ReadAsStringAsync();
        var actual = await functions.Content.ReadAsStringAsync();
        if (local.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true)
        {
            var problem = local.Content.Headers.ContentType?.MediaType == "application/problem+json";
            Assert.True(JsonNode.DeepEquals(WithoutTraceId(expected, problem), WithoutTraceId(actual, problem)), $"Local answered {expected}\nthe function answered {actual}");
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }

    private static JsonNode? WithoutTraceId(string json, bool problem)
    {
        var node = JsonNode.Parse(json);
        if (problem)
        {
            Assert.NotEmpty(node!["traceId"]!.GetValue<string>());
            node.AsObject().Remove("traceId");
        }

        return node;
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static List<string> Keys(JsonObject json) => json.Select(property => property.Key).Order(StringComparer.Ordinal).ToList();
}
