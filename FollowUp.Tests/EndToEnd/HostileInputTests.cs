using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

/// <summary>Hostile ids and bodies over every route of FollowUp.Local: never a 5xx, and every refusal a problem+json.</summary>
/// <remarks>The unsubscribe and confirmation links are opened in browsers, so they refuse with a page (text/html) by design.</remarks>
public sealed class HostileInputTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private static readonly string[] PageRoutes = ["/api/unsubscribe", "/api/confirm"];

    /// <summary>Ids as they go in a URL: each breaks a Table Storage key rule or the id rule.</summary>
    public static TheoryData<string> HostileIds => new()
    {
        "a%2Fb", "a%5Cb", "a%23b", "a%3Fb", "a%0Ab", "%01%1F", "a%7Fb", new string('a', 2048), "%FF%FE", "%C0%AF",
        "..", "%2E%2E", "Upper-Case", "%E2%80%AE", "%F0%9F%92%A9", "a%20b", "%25", "-x", "00000000000a-0000000000",
    };

    /// <summary>Every route with an id or address in its path, <c>{id}</c> standing for the hostile one.</summary>
    public static TheoryData<string, string> IdRoutes => new()
    {
        { "GET", "/api/sequences/{id}" },
        { "PUT", "/api/sequences/{id}" },
        { "POST", "/api/sequences/{id}/preview" },
        { "GET", "/api/enrollments/{id}" },
        { "GET", "/api/contacts/{id}" },
        { "GET", "/api/sources/{id}" },
        { "PUT", "/api/sources/{id}" },
        { "POST", "/api/sources/{id}/deliveries" },
        { "OPTIONS", "/api/sources/{id}/deliveries" },
    };

    /// <summary>Routes whose id reaches Table Storage as a key, and the route parameter a bad id is named by.</summary>
    public static TheoryData<string, string> KeyedIdRoutes => new()
    {
        { "GET", "/api/enrollments/{id}" },
        { "GET", "/api/sources/{id}" },
        { "PUT", "/api/sources/{id}" },
        { "POST", "/api/sources/{id}/deliveries" },
        { "OPTIONS", "/api/sources/{id}/deliveries" },
    };

    /// <summary>Every route that reads a body; <c>{sequence}</c> and <c>{source}</c> stand for ones that exist.</summary>
    public static TheoryData<string, string> BodyRoutes => new()
    {
        { "PUT", "/api/sequences/hostile-body" },
        { "POST", "/api/sequences/{sequence}/preview" },
        { "POST", "/api/enrollments" },
        { "POST", "/api/replies" },
        { "POST", "/api/events" },
        { "PUT", "/api/sources/hostile-body" },
        { "POST", "/api/sources/{source}/deliveries" },
        { "POST", "/api/inbound/email" },
        { "POST", "/api/twilio/status" },
        { "POST", "/api/inbound/twilio" },
        { "POST", "/api/unsubscribe" },
        { "POST", "/api/confirm" },
    };

    /// <summary>The names of the hostile bodies of <see cref="Body"/>.</summary>
    public static TheoryData<string> HostileBodies => new()
    {
        "empty", "emptyObject", "array", "arrayOfObjects", "null", "string", "hugeInteger", "hugeExponent", "hugeFields",
        "deepArrays", "deepObjects", "invalidUtf8", "nulInString", "tenMegabytes", "truncated", "duplicateKeys",
    };

    private static byte[] Body(string name) => name switch
    {
        "empty" => [],
        "emptyObject" => "{}"u8.ToArray(),
        "array" => "[]"u8.ToArray(),
        "arrayOfObjects" => "[{},{}]"u8.ToArray(),
        "null" => "null"u8.ToArray(),
        "string" => "\"x\""u8.ToArray(),
        "hugeInteger" => "123456789012345678901234567890123456789012345678901234567890"u8.ToArray(),
        "hugeExponent" => "1e999999"u8.ToArray(),
        "hugeFields" => """{"sequenceId":1e999,"contact":{"email":99999999999999999999999999},"data":{"n":-1e400},"name":"x","steps":[{"after":1e308}]}"""u8.ToArray(),
        "deepArrays" => Encoding.ASCII.GetBytes(new string('[', 1000) + new string(']', 1000)),
        "deepObjects" => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000)),
        "invalidUtf8" => [0xFF, 0xFE, (byte)'{', 0xC0, 0xAF, (byte)'}'],
        "nulInString" => """{"name":"a\u0000b","sequenceId":"a\u0000b","contact":{"email":"a\u0000@example.com"}}"""u8.ToArray(),
        "tenMegabytes" => Encoding.ASCII.GetBytes("{\"name\":\"" + new string('a', 10 * 1024 * 1024) + "\"}"),
        "truncated" => """{"sequenceId":"s","contact":{"email":"""u8.ToArray(),
        "duplicateKeys" => """{"sequenceId":"a","sequenceId":"b","contact":{"email":"a@example.com"}}"""u8.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such body."),
    };

    private async Task<string> SequenceAsync()
    {
        var id = TestData.Id("hostile");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Hostile", true, SequenceJson.Email("later", "P1D")))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<string> SourceAsync()
    {
        var id = TestData.Id("hostile");
        var on = new Dictionary<string, object> { ["lead.created"] = new { @event = "hostile" } };
        (await local.Http.PutAsJsonAsync($"/api/sources/{id}", new { kind = "webhook", secretSetting = LocalAppFixture.WebhookSecretSetting, on })).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, byte[]? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await local.Http.SendAsync(request);
    }

    private static async Task AssertNo5xxAndRefusedAsProblemAsync(HttpResponseMessage response, string route, string input)
    {
        var what = $"{(int)response.StatusCode} from {route} given {input}: {await response.Content.ReadAsStringAsync()}";
        Assert.True((int)response.StatusCode < 500, what);
        if ((int)response.StatusCode >= 400)
        {
            var expected = PageRoutes.Contains(route) ? "text/html" : "application/problem+json";
            Assert.True(response.Content.Headers.ContentType?.MediaType == expected, $"Not {expected}: {what}");
        }
    }

    [Theory]
    [MemberData(nameof(IdRoutes))]
    public async Task Route_HostileIds_NeverAnswer5xxAndRefuseWithProblem(string method, string route)
    {
        var body = method is "PUT" or "POST" ? JsonSerializer.SerializeToUtf8Bytes(SequenceJson.Sequence("Hostile", true, SequenceJson.Email("later", "P1D"))) : null;
        foreach (var id in HostileIds)
        {
            var response = await SendAsync(method, route.Replace("{id}", id, StringComparison.Ordinal), body);

            await AssertNo5xxAndRefusedAsProblemAsync(response, route, id);
        }
    }

    [Theory]
    [MemberData(nameof(IdRoutes))]
    public async Task Route_NulInPath_RefusedByKestrelBeforeAnyRoute(string method, string route)
    {
        var response = await SendAsync(method, route.Replace("{id}", "a%00b", StringComparison.Ordinal), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [MemberData(nameof(KeyedIdRoutes))]
    public async Task Route_IdBreakingTableKeyRules_Returns400NamingTheId(string method, string route)
    {
        var body = method is "PUT" or "POST" ? "{}"u8.ToArray() : null;
        foreach (var id in new[] { "a%2Fb", "a%5Cb", "a%23b", "a%3Fb", "a%01b", "a%0Ab", new string('a', 2048), "%FF%FE" })
        {
            var response = await SendAsync(method, route.Replace("{id}", id, StringComparison.Ordinal), body);

            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{response.StatusCode} from {route} given {id}");
            Assert.True("application/problem+json" == response.Content.Headers.ContentType?.MediaType, $"Not problem+json from {route} given {id}");
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("id", out _), $"{route} with {id}: {problem.RootElement}");
        }
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Route_HostileBodies_NeverAnswer5xxAndRefuseWithProblem(string method, string route)
    {
        var path = route
            .Replace("{sequence}", route.Contains("{sequence}", StringComparison.Ordinal) ? await SequenceAsync() : "", StringComparison.Ordinal)
            .Replace("{source}", route.Contains("{source}", StringComparison.Ordinal) ? await SourceAsync() : "", StringComparison.Ordinal);
        foreach (var name in HostileBodies)
        {
            var response = await SendAsync(method, path, Body(name));

            await AssertNo5xxAndRefusedAsProblemAsync(response, route, name);
        }

        if (method == "PUT")
        {
            Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync(path)).StatusCode);
        }
    }

    [Theory]
    [InlineData("if true", "endif")]
    [InlineData("unless false", "endunless")]
    [InlineData("capture c", "endcapture")]
    public async Task SequencePut_TemplateLongerThanOneTableProperty_IsStoredAndReadBack(string open, string close)
    {
        var id = TestData.Id("long");
        var template = string.Concat(Enumerable.Repeat($"{{% {open} %}}", 2000)) + "x" + string.Concat(Enumerable.Repeat($"{{% {close} %}}", 2000));

        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Long", true, SequenceJson.Email("first", "P1D", text: template)));

        Assert.True(HttpStatusCode.OK == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var stored = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sequences/{id}"));
        Assert.Equal(template, stored.RootElement.GetProperty("steps")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task SequencePut_DefinitionTooLongToStore_Returns400NamingStepsAndStoresNothing()
    {
        var id = TestData.Id("emoji");
        // Ten steps of 6,000 emoji each: every part renders within the limits, and the body is sent as UTF-8 (4 bytes an
        // emoji, under the body limit), but stored as JSON each emoji becomes a 12-character escape.
        var text = string.Concat(Enumerable.Repeat("\U0001F4A9", 6_000));
        var steps = string.Join(",", Enumerable.Range(0, 10).Select(i => $$$"""{"id":"s{{{i}}}","after":"P1D","channel":"email","subject":"Hi","text":"{{{text}}}"}"""));
        var body = $$$"""{"name":"Emoji","steps":[{{{steps}}}]}""";

        var response = await local.Http.PutAsync($"/api/sequences/{id}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("steps", out _), problem.RootElement.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sequences/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("allowedOrigins")]
    [InlineData("captcha")]
    public async Task SourcePut_DocumentTooLongForItsRow_Returns400ProblemAndStoresNothing(string list)
    {
        var id = TestData.Id("long-source");
        var names = Enumerable.Range(0, 2000).Select(i => $"site-{i:D4}.acme-example-long-name.example").ToArray();
        object body = list == "allowedOrigins"
            ? new { kind = "form", on = new { submit = new { @event = "lead" } }, allowedOrigins = names.Select(name => "https://" + name).ToArray() }
            : new { kind = "form", on = new { submit = new { @event = "lead" } }, captcha = new { provider = "turnstile", secretSetting = LocalAppFixture.WebhookSecretSetting, hostnames = names } };

        var response = await local.Http.PutAsJsonAsync($"/api/sources/{id}", body);

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sources/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("/api/health?x=%FF%FE")]
    [InlineData("/api/unsubscribe?t=%FF%FE")]
    [InlineData("/api/unsubscribe?t=a.b.c&t=d")]
    [InlineData("/api/confirm?t=%C0%AF")]
    [InlineData("/api/confirm?t=")]
    [InlineData("/api/sequences/x?version=99999999999999999999")]
    [InlineData("/api/sequences/x?version=-1")]
    [InlineData("/api/sequences/x?version=%FF")]
    public async Task Route_HostileQuery_NeverAnswers5xxAndRefusesWithProblem(string path)
    {
        var response = await local.Http.GetAsync(path);

        await AssertNo5xxAndRefusedAsProblemAsync(response, path[..path.IndexOf('?', StringComparison.Ordinal)], path);
    }
}
