using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

public sealed class SequenceApiTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Put_ThenGet_ReturnsTheDefinitionWithIsoDurations()
    {
        var id = TestData.Id("welcome");
        var put = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Welcome", true, SequenceJson.Email("thanks", "PT1H"), SequenceJson.Sms("nudge", "P3D")));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var saved = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Equal(1, saved.RootElement.GetProperty("version").GetInt32());

        using var got = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sequences/{id}"));
        var steps = got.RootElement.GetProperty("steps");
        Assert.Equal("PT1H", steps[0].GetProperty("after").GetString());
        Assert.Equal("P3D", steps[1].GetProperty("after").GetString());
        Assert.Equal("sms", steps[1].GetProperty("channel").GetString());
        Assert.True(got.RootElement.GetProperty("stopOn").GetProperty("reply").GetBoolean());
    }

    [Fact]
    public async Task Put_SameDefinitionTwice_KeepsTheVersion_AndAChangeMakesANewOne()
    {
        var id = TestData.Id("seq");
        var body = SequenceJson.Sequence("One", true, SequenceJson.Email("a", "PT1H"));

        var versions = new List<int>();
        foreach (var request in new[] { body, body, SequenceJson.Sequence("Two", true, SequenceJson.Email("a", "PT2H")) })
        {
            var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            versions.Add(json.RootElement.GetProperty("version").GetInt32());
        }

        Assert.Equal([1, 1, 2], versions);
        using var latest = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sequences/{id}"));
        Assert.Equal("Two", latest.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Get_WithVersion_ReturnsThatVersion_AndNamesABadOne()
    {
        var id = TestData.Id("versions");
        await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("One", true, SequenceJson.Email("a", "PT1H")));
        await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Two", true, SequenceJson.Email("a", "PT2H")));

        using var first = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sequences/{id}?version=1"));
        Assert.Equal("One", first.RootElement.GetProperty("name").GetString());
        Assert.Equal(1, first.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sequences/{id}?version=3")).StatusCode);
        var bad = await local.Http.GetAsync($"/api/sequences/{id}?version=latest");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("version", out _));
    }

    [Fact]
    public async Task Put_InvalidSequence_Returns400NamingEveryFieldAndStoresNothing()
    {
        var id = TestData.Id("broken");
        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence(
            "Broken",
            true,
            SequenceJson.Email("ok", "PT1H"),
            SequenceJson.Email("bad-after", "three days"),
            SequenceJson.Email("bad-template", "P1D", html: "<p>{{ contact.firstName </p>")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["steps[1].after", "steps[2].html"], fields);
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sequences/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("{not json", "$")]
    [InlineData("""{"name":"x","steps":[{"id":"a","after":"PT1H","channel":"email","subject":"s","text":"t"}],"stopOn":{"events":["Order Placed"]}}""", "stopOn.events[0]")]
    [InlineData("""{"name":"x","steps":[{"id":"a","after":"PT1H","channel":"email","subject":"s","text":"t"}],"stopOn":{"events":["paid","paid"]}}""", "stopOn.events[1]")]
    [InlineData("""{"name":"x","steps":[{"id":"a","after":"PT1H","channel":"fax","text":"t"}]}""", "steps[0].channel")]
    [InlineData("""{"name":"x","stepz":[]}""", "stepz")]
    [InlineData("""{"v":1,"name":"x","steps":[{"id":"a","after":"PT1H","channel":"email","subject":"s","text":"t"}]}""", "v")]
    [InlineData("""{"name":"x","steps":[{"id":"a","after":"PT1H","channel":"email","subject":"s","text":"t"}],"stopOn":{"reply":true,"unsubscribe":true}}""", "stopOn.unsubscribe")]
    [InlineData("""{"name":"x","steps":[{"id":"a","after":"PT1H","channel":"email","subject":"s","text":"t","variants":[{"id":"b","colour":"red"}]}]}""", "steps[0].variants[0].colour")]
    [InlineData("""{"name":"x","steps":"none"}""", "steps")]
    public async Task Put_MalformedBody_Returns400NamingTheField(string body, string field)
    {
        var response = await local.Http.PutAsync($"/api/sequences/{TestData.Id("m")}", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(field, problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Get_UnknownSequence_Returns404Problem()
    {
        var response = await local.Http.GetAsync("/api/sequences/no-such-sequence");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("welcome.json")]
    public async Task Put_ShippedSample_IsAccepted(string file)
    {
        var path = Path.Combine(FollowUp.Local.Azurite.AzuritePackage.FindRepositoryRoot(), "samples", file);

        var response = await local.Http.PutAsync($"/api/sequences/{TestData.Id("sample")}", Json(await File.ReadAllTextAsync(path)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_WithStorageUp_Returns200()
    {
        var response = await local.Http.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("healthy", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_StopOnEvents_IsStoredAndAChangeOfEventsMakesANewVersion()
    {
        var id = TestData.Id("cart");

        var first = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.StoppingOn(["order_placed"], SequenceJson.Email("a", "PT1H")));
        var same = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.StoppingOn(["order_placed"], SequenceJson.Email("a", "PT1H")));
        var changed = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.StoppingOn(["order_placed", "refunded"], SequenceJson.Email("a", "PT1H")));

        var versions = await Task.WhenAll(new[] { first, same, changed }.Select(async r => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt32()));
        Assert.Equal(new[] { 1, 1, 2 }, versions);
        using var got = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sequences/{id}"));
        Assert.Equal(["order_placed", "refunded"], got.RootElement.GetProperty("stopOn").GetProperty("events").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("GET", "/api/sequences/Not%20An%20Id")]
    [InlineData("GET", "/api/sequences/a%23b")]
    [InlineData("POST", "/api/sequences/Not%20An%20Id/preview")]
    public async Task Route_MalformedSequenceId_Is400NamingTheId(string method, string path)
    {
        var response = await local.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("""{"contact":{"email":"ann@example.com"}}""") : null });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["id"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(error => error.Name));
    }
}
