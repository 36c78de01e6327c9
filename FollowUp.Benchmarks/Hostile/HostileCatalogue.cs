using System.Text;
using System.Text.Json;

namespace FollowUp.Benchmarks.Hostile;

/// <summary>The hostile requests of the benchmark, over every route FollowUp.Local maps, grouped by route.</summary>
/// <remarks>Every request is one the host must refuse (or answer without storing anything), so nothing may change in storage.</remarks>
internal static class HostileCatalogue
{
    /// <summary>An id of an enrollment's shape that no enrollment has; a valid sequence or source id, so it is not put.</summary>
    private const string MadeUpEnrollmentId = "00000000000a-0000000000";

    private static readonly string[] PageRoutes = ["/api/unsubscribe", "/api/confirm"];

    /// <summary>Ids as they go in a URL: each breaks a Table Storage key rule, the id rule, or a path rule.</summary>
    private static readonly string[] Ids =
    [
        "a%2Fb", "a%5Cb", "a%23b", "a%3Fb", "a%0Ab", "a%0D%0Ab", "%01%1F", "a%7Fb", "a%09b", new('a', 2048), new('a', 300),
        "%FF%FE", "%C0%AF", "%2E%2E", "..%2F..%2Fetc%2Fpasswd", "%2E%2E%5C%2E%2E%5Cwin.ini", "Upper-Case", "%E2%80%AE",
        "%F0%9F%92%A9", "%ED%A0%80", "%EF%BF%BF", "a%20b", "%25", "%2500", "-x", MadeUpEnrollmentId,
        "x'%20or%20'1'%20eq%20'1", "PartitionKey%20ge%20''", "%7B%7B%20contact%20%7D%7D", "%3Cscript%3E",
    ];

    /// <summary>Bodies that no route accepts, whatever JSON it expects.</summary>
    private static readonly (string Name, byte[] Bytes)[] Bodies =
    [
        ("empty", []),
        ("{}", "{}"u8.ToArray()),
        ("[]", "[]"u8.ToArray()),
        ("[{},{}]", "[{},{}]"u8.ToArray()),
        ("null", "null"u8.ToArray()),
        ("a string", "\"x\""u8.ToArray()),
        ("a 60-digit integer", "123456789012345678901234567890123456789012345678901234567890"u8.ToArray()),
        ("1e999999", "1e999999"u8.ToArray()),
        ("huge numbers in fields", """{"sequenceId":1e999,"contact":{"email":99999999999999999999999999},"data":{"n":-1e400},"name":"x","steps":[{"after":1e308}],"enrollmentId":1e99,"kind":1e99}"""u8.ToArray()),
        ("wrong types", """{"sequenceId":["x"],"contact":"x","data":[1],"name":{},"steps":{"a":1},"stopOn":"yes","kind":[],"on":7,"enrollmentId":true,"channel":5,"text":{}}"""u8.ToArray()),
        ("1,000 nested arrays", Encoding.ASCII.GetBytes(new string('[', 1000) + new string(']', 1000))),
        ("1,000 nested objects", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000))),
        ("100,000 nested arrays", Encoding.ASCII.GetBytes(new string('[', 100_000))),
        ("invalid UTF-8", [0xFF, 0xFE, (byte)'{', 0xC0, 0xAF, (byte)'}']),
        ("a lone surrogate", """{"name":"\ud800","sequenceId":"\udfff","contact":{"email":"\ud800@example.com"}}"""u8.ToArray()),
        ("NUL in strings", """{"name":"a\u0000b","sequenceId":"a\u0000b","contact":{"email":"a\u0000@example.com"}}"""u8.ToArray()),
        ("a byte-order mark, then nothing", [0xEF, 0xBB, 0xBF]),
        ("UTF-16", Encoding.Unicode.GetBytes("""{"sequenceId":"s","contact":{"email":"a@example.com"}}""")),
        ("10 MB", Encoding.ASCII.GetBytes("{\"name\":\"" + new string('a', 10 * 1024 * 1024) + "\"}")),
        ("truncated", """{"sequenceId":"s","contact":{"email":"""u8.ToArray()),
        ("duplicate keys", """{"sequenceId":"a","sequenceId":"b","contact":{"email":"a@example.com"},"contact":null}"""u8.ToArray()),
        ("50,000 keys", Encoding.ASCII.GetBytes("{" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"\"k{i}\":{i}")) + "}")),
        ("a comment and a trailing comma", "/* x */ {\"a\":1,}"u8.ToArray()),
        ("XML", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"u8.ToArray()),
    ];

    /// <summary>Content types a JSON route does not take, and broken ones.</summary>
    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/json; charset=utf-16", "invalid/;;;", "message/rfc822",
    ];

    /// <summary>Templates from issue 14 (defect 2) and their kin: each fails to render, or runs past the engine's limits.</summary>
    private static readonly string[] Templates =
    [
        "{{ 1 | divided_by: 0 }}",
        "{{ 1 | modulo: 0 }}",
        "{% for i in (1..9999999) %}x{% endfor %}",
        "{% assign r = (1..99999999) %}{{ r | size }}",
        "{{ 'x' | slice: 99999999999 }}",
        "{{ 99999999999 | times: 99999999999 | times: 99999999999 | times: 99999999999 }}",
        "{% assign s = 'x' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}",
        "{% assign a = 'x' | split: ',' %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}",
        "{% assign s = '" + new string('x', 100) + "' %}{% for i in (1..3) %}{% assign s = s | replace: 'x', s %}{% endfor %}{{ s }}",
        "{% for i in (1..5000) %}" + new string('x', 200) + "{% endfor %}",
        "{% for i in (1..1000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}",
        "{{ 1 | format_number: 'D999999999' }}",
        "{% include 'x' %}",
        "{% render 'x' %}",
        "{{ contact.email | unclosed",
        "{% if %}",
        "{% for %}",
        "{% raw %}" + new string('x', 10),
        string.Concat(Enumerable.Repeat("{% for i in (1..1) %}", 2000)) + string.Concat(Enumerable.Repeat("{% endfor %}", 2000)),
        string.Concat(Enumerable.Repeat("{{ 'x' | ", 5000)) + "upcase" + new string('}', 10_000),
    ];

    /// <summary>Whether <paramref name="path"/> is a link opened in a browser, which refuses with a page (text/html) by design.</summary>
    public static bool IsPageRoute(string path) => PageRoutes.Any(route => path.StartsWith(route, StringComparison.Ordinal));

    /// <summary>Every hostile request, in the order built; they are sent several at a time, so the order does not matter.</summary>
    public static IReadOnlyList<HostileRequest> Build(HostileTargets targets)
    {
        var requests = new List<HostileRequest>();
        var key = targets.ApiKey;
        AddIds(requests, key);
        AddBodies(requests, targets, key);
        AddTemplates(requests, key);
        AddFields(requests, targets, key);
        AddKeys(requests, targets);
        AddSignatures(requests, targets);
        AddTokensAndQueries(requests, key);
        AddFraming(requests, targets, key);
        return requests;
    }

    /// <summary>Every route with an id or address in its path, <c>{id}</c> standing for the hostile one.</summary>
    private static void AddIds(List<HostileRequest> requests, string key)
    {
        (string Group, string Method, string Route)[] routes =
        [
            ("sequences", "GET", "/api/sequences/{id}"),
            ("sequences", "PUT", "/api/sequences/{id}"),
            ("sequences", "POST", "/api/sequences/{id}/preview"),
            ("enrollments", "GET", "/api/enrollments/{id}"),
            ("contacts", "GET", "/api/contacts/{id}"),
            ("contacts", "DELETE", "/api/contacts/{id}"),
            ("sources", "GET", "/api/sources/{id}"),
            ("sources", "PUT", "/api/sources/{id}"),
            ("source deliveries", "POST", "/api/sources/{id}/deliveries"),
            ("source deliveries", "OPTIONS", "/api/sources/{id}/deliveries"),
            ("failures", "POST", "/api/failures/{id}/first/replay"),
            ("failures", "POST", "/api/failures/00000000000a-0000000000/{id}/replay"),
        ];
        var sequence = JsonSerializer.SerializeToUtf8Bytes(new { name = "Hostile", steps = new[] { new { id = "first", after = "P1D", channel = "email", subject = "Hi", text = "Hello" } } });
        foreach (var (group, method, route) in routes)
        {
            foreach (var id in Ids.Where(id => method != "PUT" || id != MadeUpEnrollmentId))
            {
                var body = method is "PUT" or "POST" ? sequence : null;
                requests.Add(new HostileRequest(group, $"id {Shorten(id)}", method, route.Replace("{id}", id, StringComparison.Ordinal), body, body is null ? null : "application/json", key));
            }
        }
    }

    /// <summary>Every route that reads a body, given each hostile body as JSON and a valid-looking JSON body under other content types.</summary>
    private static void AddBodies(List<HostileRequest> requests, HostileTargets targets, string key)
    {
        (string Group, string Method, string Path, bool Keyed)[] routes =
        [
            ("sequences", "PUT", "/api/sequences/hostile-body", true),
            ("sequences", "POST", $"/api/sequences/{targets.Sequence}/preview", true),
            ("enrollments", "POST", "/api/enrollments", true),
            ("replies", "POST", "/api/replies", true),
            ("events", "POST", "/api/events", true),
            ("sources", "PUT", "/api/sources/hostile-body", true),
            ("source deliveries", "POST", $"/api/sources/{targets.WebhookSource}/deliveries", false),
            ("source deliveries", "POST", $"/api/sources/{targets.FormSource}/deliveries", false),
            ("inbound email", "POST", "/api/inbound/email", true),
            ("twilio", "POST", "/api/twilio/status", false),
            ("twilio", "POST", "/api/inbound/twilio", false),
            ("unsubscribe and confirm", "POST", "/api/unsubscribe", false),
            ("unsubscribe and confirm", "POST", "/api/confirm", false),
            ("failures", "POST", "/api/failures/replay", true),
        ];
        var plausible = JsonSerializer.SerializeToUtf8Bytes(new { sequenceId = "nope", contact = new { email = "not-an-address" }, name = "", steps = Array.Empty<object>() });
        foreach (var (group, method, path, keyed) in routes)
        {
            foreach (var (name, bytes) in Bodies)
            {
                requests.Add(new HostileRequest(group, $"body {name}", method, path, bytes, "application/json", keyed ? key : null));
            }

            foreach (var contentType in ContentTypes)
            {
                requests.Add(new HostileRequest(group, $"content type {contentType}", method, path, plausible, contentType, keyed ? key : null));
            }

            requests.Add(new HostileRequest(group, "no content type", method, path, plausible, null, keyed ? key : null));
        }
    }

    /// <summary>Sequences whose subject, text or HTML is a hostile template: refused at save, so none is stored.</summary>
    private static void AddTemplates(List<HostileRequest> requests, string key)
    {
        for (var i = 0; i < Templates.Length; i++)
        {
            var template = Templates[i];
            (string Part, object Step)[] steps =
            [
                ("subject", new { id = "subject", after = "P1D", channel = "email", subject = template, text = "Hello" }),
                ("text", new { id = "text", after = "P1D", channel = "email", subject = "Hi", text = template }),
                ("html", new { id = "html", after = "P1D", channel = "email", subject = "Hi", html = template }),
                ("sms", new { id = "sms", after = "P1D", channel = "sms", text = template }),
            ];
            foreach (var (part, step) in steps)
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(new { name = "Hostile template", steps = new[] { step } });
                requests.Add(new HostileRequest("sequences", $"template {i + 1} in {part}", "PUT", $"/api/sequences/hostile-template-{i + 1}", body, "application/json", key));
            }
        }
    }

    /// <summary>Well-formed JSON whose fields are hostile: each enrollment, reply, event, sequence and source must be refused.</summary>
    private static void AddFields(List<HostileRequest> requests, HostileTargets targets, string key)
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);
        string[] enrollments =
        [
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"email":"not-an-address"}}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"email":"a@example.com\r\nBcc: b@example.com"}}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"email":"{{{new string('a', 10_000)}}}@example.com"}}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"phone":"+1"}}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"phone":"+99999999999999999999999"}}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"email":"a@example.com","timeZone":"Mars/Olympus"}}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"email":"a@example.com","timeZone":"../../../../etc/localtime"}}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"email":"a@example.com","firstName":"{{{new string('a', 100_000)}}}"}}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"email":"a@example.com"},"data":""" + deep + "}",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{"email":"a@example.com"},"data":[1,2]}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}","contact":{}}""",
            $$$"""{"sequenceId":"{{{targets.Sequence}}}"}""",
            """{"sequenceId":"does-not-exist","contact":{"email":"a@example.com"}}""",
            """{"sequenceId":"a/b","contact":{"email":"a@example.com"}}""",
            $$$"""{"sequenceId":"{{{new string('a', 5000)}}}","contact":{"email":"a@example.com"}}""",
        ];
        foreach (var body in enrollments)
        {
            requests.Add(new HostileRequest("enrollments", "hostile fields", "POST", "/api/enrollments", Encoding.UTF8.GetBytes(body), "application/json", key));
        }

        requests.Add(new HostileRequest("enrollments", "hostile Idempotency-Key", "POST", "/api/enrollments", Encoding.UTF8.GetBytes(enrollments[0]), "application/json", key,
            new Dictionary<string, string> { ["Idempotency-Key"] = new('k', 5000) }));

        var contactId = targets.EnrollmentId[..targets.EnrollmentId.IndexOf('-', StringComparison.Ordinal)];
        string[] replies =
        [
            $$$"""{"enrollmentId":"{{{contactId}}}-0000000000"}""",
            $$$"""{"enrollmentId":"{{{contactId}}}-9999999999"}""",
            $$$"""{"enrollmentId":"{{{contactId}}}"}""",
            $$$"""{"enrollmentId":"{{{contactId}}}-"}""",
            """{"enrollmentId":"../../x"}""",
            """{"channel":"email","from":"nobody@example.com","text":"hi"}""",
            """{"channel":"carrier-pigeon","from":"a@example.com"}""",
            """{"channel":"sms","from":"+1"}""",
            """{"channel":"email"}""",
        ];
        foreach (var (body, i) in replies.Select((body, i) => (body, i)))
        {
            requests.Add(new HostileRequest("replies", $"hostile fields {i + 1}", "POST", "/api/replies", Encoding.UTF8.GetBytes(body), "application/json", key));
        }

        string[] events =
        [
            """{"name":"","contact":{"email":"a@example.com"}}""",
            """{"name":"x","contact":{"email":"not-an-address"}}""",
            $$$"""{"name":"{{{new string('e', 5000)}}}","contact":{"email":"a@example.com"}}""",
            """{"name":"x\u0000y","contact":{"email":"a@example.com"}}""",
            """{"name":"x","contact":{}}""",
            """{"name":"x","contact":{"email":"a@example.com"},"data":""" + deep + "}",
        ];
        foreach (var body in events)
        {
            requests.Add(new HostileRequest("events", "hostile fields", "POST", "/api/events", Encoding.UTF8.GetBytes(body), "application/json", key));
        }

        List<string> sequences =
        [
            """{"name":"x","steps":[]}""",
            """{"name":"x","steps":[{"id":"a","after":"P-1D","channel":"email","subject":"s","text":"t"}]}""",
            """{"name":"x","steps":[{"id":"a","after":"P99999999Y","channel":"email","subject":"s","text":"t"}]}""",
            """{"name":"x","steps":[{"id":"a","after":"soon","channel":"email","subject":"s","text":"t"}]}""",
            """{"name":"x","steps":[{"id":"a","after":"P1D","channel":"fax","subject":"s","text":"t"}]}""",
            """{"name":"x","steps":[{"id":"a","after":"P1D","channel":"email","subject":"s","text":"t"},{"id":"a","after":"P1D","channel":"email","subject":"s","text":"t"}]}""",
            """{"name":"x","steps":[{"id":"a/b","after":"P1D","channel":"email","subject":"s","text":"t"}]}""",
            "{\"name\":\"x\",\"steps\":[" + string.Join(",", Enumerable.Range(0, 2000).Select(i => $"{{\"id\":\"s{i}\",\"after\":\"P1D\",\"channel\":\"email\",\"subject\":\"s\",\"text\":\"t\"}}")) + "]}",
            """{"name":"x","steps":[{"id":"a","after":"P1D","channel":"email","subject":"s","text":"t"}],"sendRules":{"window":"25:00-26:00"}}""",
        ];
        // Ten steps of 6,000 emoji: under the body limit as UTF-8, but 720,000 characters once stored as JSON escapes.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F4A9", 6_000));
        sequences.Add("{\"name\":\"x\",\"steps\":[" + string.Join(",", Enumerable.Range(0, 10).Select(i => $$$"""{"id":"s{{{i}}}","after":"P1D","channel":"email","subject":"s","text":"{{{emoji}}}"}""")) + "]}");
        foreach (var (body, i) in sequences.Select((body, i) => (body, i)))
        {
            requests.Add(new HostileRequest("sequences", $"hostile fields {i + 1}", "PUT", "/api/sequences/hostile-fields", Encoding.UTF8.GetBytes(body), "application/json", key));
        }

        string[] sources =
        [
            """{"kind":"carrier-pigeon","on":{}}""",
            """{"kind":"webhook","secretSetting":"AzureWebJobsStorage","on":{"x":{"event":"y"}}}""",
            """{"kind":"webhook","secretSetting":"FollowUp:ApiKey","on":{"x":{"event":"y"}}}""",
            """{"kind":"form","on":{"submit":{"enroll":"does-not-exist"}},"redirectUrl":"javascript:alert(1)"}""",
            """{"kind":"form","on":{"submit":{"enroll":"x"}},"allowedOrigins":["*"]}""",
            """{"kind":"form","on":{}}""",
            JsonSerializer.Serialize(new { kind = "form", on = new { submit = new { @event = "x" } }, allowedOrigins = Enumerable.Range(0, 2000).Select(i => $"https://site-{i}.acme-example-long-name.example").ToArray() }),
            JsonSerializer.Serialize(new { kind = "form", on = new { submit = new { @event = "x" } }, captcha = new { provider = "turnstile", secretSetting = "FollowUp:Sources:Secrets:Hostile", hostnames = Enumerable.Range(0, 2000).Select(i => $"site-{i}.acme-example-long-name.example").ToArray() } }),
        ];
        foreach (var (body, i) in sources.Select((body, i) => (body, i)))
        {
            requests.Add(new HostileRequest("sources", $"hostile fields {i + 1}", "PUT", "/api/sources/hostile-fields", Encoding.UTF8.GetBytes(body), "application/json", key));
        }
    }

    /// <summary>Every keyed route without a key, with a wrong one, and with a wrong one in the query.</summary>
    private static void AddKeys(List<HostileRequest> requests, HostileTargets targets)
    {
        (string Group, string Method, string Path)[] routes =
        [
            ("sequences", "PUT", $"/api/sequences/{targets.Sequence}"),
            ("sequences", "GET", $"/api/sequences/{targets.Sequence}"),
            ("sequences", "POST", $"/api/sequences/{targets.Sequence}/preview"),
            ("enrollments", "POST", "/api/enrollments"),
            ("enrollments", "GET", $"/api/enrollments/{targets.EnrollmentId}"),
            ("replies", "POST", "/api/replies"),
            ("contacts", "GET", "/api/contacts/a%40example.com"),
            ("contacts", "DELETE", "/api/contacts/a%40example.com"),
            ("inbound email", "POST", "/api/inbound/email"),
            ("events", "POST", "/api/events"),
            ("sources", "PUT", $"/api/sources/{targets.WebhookSource}"),
            ("sources", "GET", $"/api/sources/{targets.WebhookSource}"),
            ("failures", "GET", "/api/failures"),
            ("failures", "POST", $"/api/failures/{targets.EnrollmentId}/first/replay"),
            ("failures", "POST", "/api/failures/replay"),
            ("health", "GET", "/api/health/detail"),
        ];
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sequenceId = targets.Sequence, contact = new { email = "keyless@example.com" }, name = "Keyless", steps = new[] { new { id = "first", after = "P1D", channel = "email", subject = "Hi", text = "Hello" } } });
        foreach (var (group, method, path) in routes)
        {
            var content = method is "PUT" or "POST" ? body : null;
            var type = content is null ? null : "application/json";
            requests.Add(new HostileRequest(group, "no key", method, path, content, type));
            requests.Add(new HostileRequest(group, "wrong key", method, path, content, type, targets.ApiKey + "x"));
            requests.Add(new HostileRequest(group, "key's prefix", method, path, content, type, targets.ApiKey[..^1]));
            requests.Add(new HostileRequest(group, "empty key", method, path, content, type, ""));
            requests.Add(new HostileRequest(group, "8 KB key", method, path, content, type, new string('k', 8 * 1024)));
            requests.Add(new HostileRequest(group, "wrong key in the query", method, path + "?code=" + Uri.EscapeDataString(targets.ApiKey + "%00"), content, type));
            requests.Add(new HostileRequest(group, "keyless, from a proxy", method, path, content, type, null, new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.9" }));
        }
    }

    /// <summary>Signed routes with missing, malformed or wrong signatures.</summary>
    private static void AddSignatures(List<HostileRequest> requests, HostileTargets targets)
    {
        var delivery = """{"type":"lead.created","data":{"email":"signed@example.com"}}"""u8.ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var old = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string Case, Dictionary<string, string> Headers)[] webhooks =
        [
            ("no signature headers", []),
            ("no signature", new() { ["webhook-id"] = "msg_1", ["webhook-timestamp"] = now }),
            ("wrong signature", new() { ["webhook-id"] = "msg_1", ["webhook-timestamp"] = now, ["webhook-signature"] = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }),
            ("signature not base64", new() { ["webhook-id"] = "msg_1", ["webhook-timestamp"] = now, ["webhook-signature"] = "v1,%%%%" }),
            ("a thousand signatures", new() { ["webhook-id"] = "msg_1", ["webhook-timestamp"] = now, ["webhook-signature"] = string.Join(' ', Enumerable.Repeat("v1,AAAA", 1000)) }),
            ("a day-old timestamp", new() { ["webhook-id"] = "msg_1", ["webhook-timestamp"] = old, ["webhook-signature"] = "v1,AAAA" }),
            ("a timestamp past 2038", new() { ["webhook-id"] = "msg_1", ["webhook-timestamp"] = "99999999999999999999", ["webhook-signature"] = "v1,AAAA" }),
            ("a hostile webhook-id", new() { ["webhook-id"] = "a/b#c?" + new string('i', 2000), ["webhook-timestamp"] = now, ["webhook-signature"] = "v1,AAAA" }),
            ("Shopify headers on a webhook source", new() { ["X-Shopify-Hmac-Sha256"] = "AAAA", ["X-Shopify-Topic"] = "orders/create" }),
        ];
        foreach (var (name, headers) in webhooks)
        {
            requests.Add(new HostileRequest("source deliveries", name, "POST", $"/api/sources/{targets.WebhookSource}/deliveries", delivery, "application/json", null, headers));
        }

        var form = "email=signed%40example.com&firstName=Ann"u8.ToArray();
        (string Case, Dictionary<string, string> Headers, byte[] Body)[] forms =
        [
            ("a form from another origin", new() { ["Origin"] = "https://evil.example" }, form),
            ("a form without an email", [], "firstName=Ann"u8.ToArray()),
            ("a form with a bad email", [], "email=not-an-address"u8.ToArray()),
            ("a form with a broken escape", [], "email=%ZZ%"u8.ToArray()),
            ("a form with 10,000 fields", [], Encoding.ASCII.GetBytes(string.Join("&", Enumerable.Range(0, 10_000).Select(i => $"f{i}=x")))),
        ];
        foreach (var (name, headers, body) in forms)
        {
            requests.Add(new HostileRequest("source deliveries", name, "POST", $"/api/sources/{targets.FormSource}/deliveries", body, "application/x-www-form-urlencoded", null, headers));
        }

        var twilio = "MessageSid=SM0000&From=%2B14155550123&Body=STOP&MessageStatus=delivered"u8.ToArray();
        (string Case, Dictionary<string, string> Headers)[] signatures =
        [
            ("no X-Twilio-Signature", []),
            ("wrong X-Twilio-Signature", new() { ["X-Twilio-Signature"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }),
            ("X-Twilio-Signature not base64", new() { ["X-Twilio-Signature"] = "%%%" }),
            ("8 KB X-Twilio-Signature", new() { ["X-Twilio-Signature"] = new string('A', 8 * 1024) }),
        ];
        foreach (var path in new[] { "/api/twilio/status", "/api/inbound/twilio" })
        {
            foreach (var (name, headers) in signatures)
            {
                requests.Add(new HostileRequest("twilio", name, "POST", path, twilio, "application/x-www-form-urlencoded", null, headers));
            }
        }
    }

    /// <summary>Tokens of the browser links, and hostile query strings on every route that reads one.</summary>
    private static void AddTokensAndQueries(List<HostileRequest> requests, string key)
    {
        string[] tokens =
        [
            "", "x", "a.b.c", "a.b.c&t=d", "%FF%FE", "%C0%AF", "..%2F..%2F", new('t', 10_000), "eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.",
            "AAAA.AAAA", "%00", "v1.%E2%80%AE.x",
        ];
        foreach (var path in new[] { "/api/unsubscribe", "/api/confirm" })
        {
            foreach (var token in tokens)
            {
                requests.Add(new HostileRequest("unsubscribe and confirm", $"token {Shorten(token)}", "GET", $"{path}?t={token}"));
                requests.Add(new HostileRequest("unsubscribe and confirm", $"token {Shorten(token)}", "POST", $"{path}?t={token}", "List-Unsubscribe=One-Click"u8.ToArray(), "application/x-www-form-urlencoded"));
            }

            requests.Add(new HostileRequest("unsubscribe and confirm", "no token", "GET", path));
        }

        string[] queries =
        [
            "/api/health?x=%FF%FE", "/api/health?" + new string('q', 8000), "/api/health/detail?x=%00",
            "/api/sequences/x?version=99999999999999999999", "/api/sequences/x?version=-1", "/api/sequences/x?version=%FF",
            "/api/sequences/x?version=1&version=2", "/api/failures?take=-1", "/api/failures?take=99999999999",
            "/api/failures?continuation=%FF%FE", "/api/failures?continuation=" + new string('c', 4000), "/api/failures?x=%00",
            "/api/enrollments/x?code=", "/api/contacts/%40", "/api/contacts/%2B", "/api/contacts/a%40b%40c",
        ];
        foreach (var query in queries)
        {
            var group = query.StartsWith("/api/health", StringComparison.Ordinal) ? "health"
                : query.StartsWith("/api/sequences", StringComparison.Ordinal) ? "sequences"
                : query.StartsWith("/api/failures", StringComparison.Ordinal) ? "failures"
                : query.StartsWith("/api/contacts", StringComparison.Ordinal) ? "contacts" : "enrollments";
            requests.Add(new HostileRequest(group, $"query {Shorten(query)}", "GET", query, Key: key));
        }

        foreach (var (method, path) in new[] { ("GET", "/api/nowhere"), ("PATCH", "/api/sequences/x"), ("TRACE", "/api/health"), ("DELETE", "/api/enrollments/x") })
        {
            requests.Add(new HostileRequest("no such route", $"{method} {path}", method, path, Key: key));
        }
    }

    /// <summary>Bodies with broken HTTP framing on every route that reads a body, and requests Kestrel cannot parse at all.</summary>
    private static void AddFraming(List<HostileRequest> requests, HostileTargets targets, string key)
    {
        (string Group, string Method, string Path)[] routes =
        [
            ("sequences", "PUT", "/api/sequences/framing"),
            ("sequences", "POST", $"/api/sequences/{targets.Sequence}/preview"),
            ("enrollments", "POST", "/api/enrollments"),
            ("replies", "POST", "/api/replies"),
            ("events", "POST", "/api/events"),
            ("sources", "PUT", "/api/sources/framing"),
            ("source deliveries", "POST", $"/api/sources/{targets.WebhookSource}/deliveries"),
            ("source deliveries", "POST", $"/api/sources/{targets.FormSource}/deliveries"),
            ("inbound email", "POST", "/api/inbound/email"),
            ("twilio", "POST", "/api/twilio/status"),
            ("twilio", "POST", "/api/inbound/twilio"),
            ("unsubscribe and confirm", "POST", "/api/unsubscribe?t=a.b.c"),
            ("unsubscribe and confirm", "POST", "/api/confirm?t=a.b.c"),
        ];
        foreach (var (group, method, path) in routes)
        {
            var type = group is "twilio" || path.Contains("unsubscribe", StringComparison.Ordinal) || path.Contains("confirm", StringComparison.Ordinal) || path.Contains(targets.FormSource, StringComparison.Ordinal)
                ? "application/x-www-form-urlencoded" : "application/json";
            var head = $"{method} {path} HTTP/1.1\r\nx-functions-key: {key}\r\nContent-Type: {type}";
            requests.Add(new HostileRequest(group, "invalid chunk size", method, path, "zz\r\n{}\r\n0\r\n\r\n"u8.ToArray(), RawHead: head + "\r\nTransfer-Encoding: chunked"));
            requests.Add(new HostileRequest(group, "chunk longer than declared", method, path, "2\r\n{\"a\":1}\r\n0\r\n\r\n"u8.ToArray(), RawHead: head + "\r\nTransfer-Encoding: chunked"));
            requests.Add(new HostileRequest(group, "Content-Length larger than the body", method, path, "{\"a\":1}"u8.ToArray(), RawHead: head + "\r\nContent-Length: 100"));
            requests.Add(new HostileRequest(group, "Content-Length and chunked both", method, path, "0\r\n\r\n"u8.ToArray(), RawHead: head + "\r\nContent-Length: 5\r\nTransfer-Encoding: chunked"));
        }

        (string Case, string Head)[] unparsable =
        [
            ("a request line of garbage", "GARBAGE"),
            ("a space in the path", "GET /api/he alth HTTP/1.1"),
            ("HTTP/9.9", "GET /api/health HTTP/9.9"),
            ("a header without a colon", "GET /api/health HTTP/1.1\r\nNoColonHere"),
            ("a 40 KB header", "GET /api/health HTTP/1.1\r\nX-Big: " + new string('b', 40 * 1024)),
            ("a negative Content-Length", "POST /api/enrollments HTTP/1.1\r\nContent-Length: -1"),
            ("two Content-Lengths", "POST /api/enrollments HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3"),
            ("a NUL in the path", "GET /api/sequences/a%00b HTTP/1.1"),
        ];
        foreach (var (name, head) in unparsable)
        {
            requests.Add(new HostileRequest("framing Kestrel refuses", name, head.Split(' ')[0], "/", [], RawHead: head));
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..20] + $"…({value.Length} characters)";
}
