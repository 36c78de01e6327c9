using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Contacts;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>The source pages through FollowUp.Local: a website form made on the dashboard whose snippet enrolls, the errors of the API's validator beside the fields, the secret never shown, recent deliveries.</summary>
public sealed class SourcePageTests(LocalAppFixture app) : IClassFixture<LocalAppFixture>, IDisposable
{
    private readonly DashboardPoster dashboard = new(app.Http.BaseAddress!);

    public void Dispose() => dashboard.Dispose();

    private async Task<string> SequenceAsync()
    {
        var id = TestData.Id("seq");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Welcome series", true, SequenceJson.Email("hello", "P1D")))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<string> TokenAsync(string path) => DashboardPoster.TokenOf((await dashboard.GetAsync(path)).Page);

    [Fact]
    public async Task CreateFormSource_TheSnippetPostsToTheDeliveryAddressAndItsFieldsEnrollAContact()
    {
        var sequence = await SequenceAsync();
        var id = TestData.Id("form");

        using var created = await dashboard.PostAsync("/api/dashboard/sources/new/form", await TokenAsync("/api/dashboard/sources/new/form"), ("id", id), ("enroll", sequence), ("doubleOptIn", "default"));
        var (status, page, _) = await dashboard.FollowAsync(created);

        Assert.Equal(200, status);
        Assert.Equal(200, (int)(await app.Http.GetAsync($"/api/sources/{id}")).StatusCode);
        var deliveryUrl = new Uri(app.Http.BaseAddress!, $"/api/sources/{id}/deliveries").ToString();
        Assert.Equal(deliveryUrl, page.QuerySelector("#delivery-url")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("button[data-copy='snippet']"));
        var snippet = new HtmlParser().ParseDocument(page.QuerySelector("#snippet")!.TextContent);
        var form = snippet.QuerySelector("form")!;
        Assert.Equal(deliveryUrl, form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        var email = TestData.Email();
        var fields = form.QuerySelectorAll("input").Select(input => input.GetAttribute("name")!).ToList();
        Assert.Contains("email", fields);
        Assert.Contains("_gotcha", fields);
        var values = fields.Select(name => new KeyValuePair<string, string>(name, name switch { "email" => email, "name" => "Bea Stone", _ => "" }));

        using var submitted = await app.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));

        Assert.Equal(200, (int)submitted.StatusCode);
        var contact = await LocalAppFixture.ReadAsync<ContactView>(await app.Http.GetAsync($"/api/contacts/{Uri.EscapeDataString(email)}"));
        Assert.Equal(sequence, Assert.Single(contact.Enrollments).SequenceId);
        Assert.Equal("Bea", contact.FirstName);
        var (_, after, _) = await dashboard.GetAsync($"/api/dashboard/sources/{id}");
        var row = after.QuerySelector("[aria-label='Recent deliveries'] tbody tr")!;
        Assert.Contains("Started a follow-up", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSource_InvalidFields_ShowsTheValidatorsErrorsBesideThemAndStoresNothing()
    {
        var id = "Not a valid id!";

        using var refused = await dashboard.PostAsync("/api/dashboard/sources/new/woocommerce", await TokenAsync("/api/dashboard/sources/new/woocommerce"),
            ("id", id), ("enroll", "no-such-sequence"), ("trigger", "order.created"), ("secretSetting", "FollowUp:SigningKey"));
        var page = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());

        Assert.Equal(400, (int)refused.StatusCode);
        foreach (var field in new[] { "id", "enroll", "secretSetting" })
        {
            Assert.NotNull(page.QuerySelector($"#error-{field}"));
            Assert.Equal("true", page.QuerySelector($"#{field}")!.GetAttribute("aria-invalid"));
        }

        Assert.Contains("There is no sequence 'no-such-sequence'", page.QuerySelector("#error-enroll")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("under FollowUp:Sources:Secrets:", page.QuerySelector("#error-secretSetting")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("order.created", page.QuerySelector("#trigger")!.GetAttribute("value"));
        Assert.Equal(0, (await dashboard.GetAsync("/api/dashboard/sources")).Page.QuerySelectorAll($"a[href='/api/dashboard/sources/{Uri.EscapeDataString(id)}']").Length);
    }

    [Fact]
    public async Task CreateSource_WithoutTheFormToken_IsRefusedAndStoresNothing()
    {
        var id = TestData.Id("form");

        using var refused = await dashboard.PostAsync("/api/dashboard/sources/new/form", null, ("id", id), ("enroll", await SequenceAsync()));

        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Equal(404, (int)(await app.Http.GetAsync($"/api/sources/{id}")).StatusCode);
    }

    [Fact]
    public async Task ShopifySource_ShowsWhereTheSecretGoesThatItIsSetButNeverItsValue()
    {
        var sequence = await SequenceAsync();
        var id = TestData.Id("shop");
        using var created = await dashboard.PostAsync("/api/dashboard/sources/new/shopify", await TokenAsync("/api/dashboard/sources/new/shopify"),
            ("id", id), ("enroll", sequence), ("trigger", "orders/create"), ("secretSetting", LocalAppFixture.ProviderSecretSetting));
        Assert.Equal(303, (int)created.StatusCode);

        var (_, page, html) = await dashboard.GetAsync($"/api/dashboard/sources/{id}");
        var (_, list, listHtml) = await dashboard.GetAsync("/api/dashboard/sources");

        Assert.Contains("Settings → Notifications → Webhooks", page.QuerySelector("#setup")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Set", page.QuerySelector("#setup ~ p .status")!.TextContent);
        Assert.Contains(LocalAppFixture.ProviderSecretSetting, html, StringComparison.Ordinal);
        Assert.DoesNotContain(LocalAppFixture.ProviderSecret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(LocalAppFixture.ProviderSecret, listHtml, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#snippet"));
        var row = list.QuerySelectorAll("tbody tr").Single(tr => tr.TextContent.Contains(id, StringComparison.Ordinal));
        Assert.Equal("Set", row.QuerySelector(".status")!.TextContent);
        Assert.Contains("orders/create → starts Welcome series", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecentDeliveries_AForgedDelivery_ShowsAsRefusedWithWhy()
    {
        var sequence = await SequenceAsync();
        var id = TestData.Id("shop");
        (await app.Http.PutAsJsonAsync($"/api/sources/{id}", new { kind = "shopify", secretSetting = LocalAppFixture.ProviderSecretSetting, on = new Dictionary<string, object> { ["orders/create"] = new { enroll = sequence } } })).EnsureSuccessStatusCode();
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/sources/{id}/deliveries") { Content = JsonContent.Create(new { email = TestData.Email() }) };
        forged.Headers.Add("X-Shopify-Topic", "orders/create");
        forged.Headers.Add("X-Shopify-Hmac-Sha256", "bm90IHRoZSBzaWduYXR1cmU=");
        Assert.Equal(401, (int)(await app.Http.SendAsync(forged)).StatusCode);

        var (_, page, _) = await dashboard.GetAsync($"/api/dashboard/sources/{id}");

        var row = Assert.Single(page.QuerySelectorAll("[aria-label='Recent deliveries'] tbody tr"));
        Assert.Equal("Refused", row.QuerySelector(".status")!.TextContent);
        Assert.Contains("The signature did not match", row.TextContent, StringComparison.Ordinal);
    }
}
