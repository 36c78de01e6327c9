using System.Net.Http.Json;
using System.Text;
using FollowUp.Engine;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Templates;
using FollowUp.Local.Azurite;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Sequences;

/// <summary>The sequence templates of <c>samples/templates</c>: embedded once in the engine, valid as the API validates them, and saved and previewed through FollowUp.Local.</summary>
public sealed class SequenceTemplatesTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private static readonly SequenceTemplates Catalog = new();

    private static readonly string Folder = Path.Combine(AzuritePackage.FindRepositoryRoot(), "samples", "templates");

    public static TheoryData<string> Ids() => [.. Catalog.All.Select(template => template.Id)];

    [Fact]
    public void All_ListsExactlyTheFilesOfSamplesTemplates_WithTheirText()
    {
        var files = Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(files.Select(Path.GetFileNameWithoutExtension), Catalog.All.Select(template => template.Id));
        Assert.Equal(
            ["abandoned-checkout", "lead-follow-up", "post-purchase-review", "quote-follow-up"],
            Catalog.All.Select(template => template.Id));
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllText(file, Encoding.UTF8), Catalog.Find(Path.GetFileNameWithoutExtension(file))!.Json);
        }
    }

    [Fact]
    public void Find_UnknownId_ReturnsNull()
    {
        Assert.Null(Catalog.Find("no-such-template"));
        Assert.Null(Catalog.Find("lead-follow-up.json"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Template_HasAPlainTitleAndOneLineDescription(string id)
    {
        var template = Catalog.Find(id)!;

        Assert.True(Identifiers.IsValid(template.Id));
        Assert.False(string.IsNullOrWhiteSpace(template.Title));
        Assert.InRange(template.Description.Length, 20, 160);
        Assert.DoesNotContain('\n', template.Description);
        Assert.EndsWith(".", template.Description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Validate_EachTemplate_PassesTheApisChecksIncludingRendering(string id)
    {
        var template = Catalog.Find(id)!;
        var validator = new SequenceValidator(new TemplateRenderer(), Options.Create(new FollowUpOptions()));
        var errors = new ValidationErrors();

        var sequence = validator.Validate(id, template.Request, DateTimeOffset.UtcNow, errors);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")));
        Assert.NotNull(sequence);
        Assert.True(SequenceStore.Fits(sequence));
        Assert.Null(validator.FirstRenderFailure(sequence));
        Assert.True(sequence.StopOn.Reply);
        Assert.NotNull(sequence.Timing.Window);
        Assert.InRange(sequence.Steps.Count, 3, 4);
        Assert.All(sequence.Steps, step => Assert.Contains("contact.firstName | default:", step.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Templates_ThatText_HaveTheirOwnQuietHours()
    {
        var texting = Catalog.All.Where(template => template.Request.Steps!.Any(step => step!.Channel == StepChannel.Sms)).ToArray();

        Assert.NotEmpty(texting);
        Assert.All(texting, template => Assert.NotNull(template.Request.SmsQuietHours));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task PutThenPreview_EachTemplate_SavesAndRendersForASampleContact(string id)
    {
        var sequenceId = TestData.Id(id);
        var put = await local.Http.PutAsync($"/api/sequences/{sequenceId}", new StringContent(Catalog.Find(id)!.Json, Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, $"PUT answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");

        var response = await local.Http.PostAsJsonAsync($"/api/sequences/{sequenceId}/preview", new
        {
            contact = new { email = TestData.Email(), phone = TestData.Phone(), firstName = "Ann" },
            data = new
            {
                interest = "a new bathroom",
                from_name = "Sam",
                quote_for = "the bathroom",
                quote_number = "Q-1042",
                valid_until = "31 January",
                line_items = new[] { new { title = "Kettle", quantity = 2 } },
                abandoned_checkout_url = "https://shop.example/checkouts/abc",
                total_price = "49.00",
                currency = "GBP",
                review_url = "https://reviews.example/acme",
                order_status_url = "https://shop.example/orders/1001",
                name = "#1001",
            },
        });

        Assert.True(response.IsSuccessStatusCode, $"Preview answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var preview = await LocalAppFixture.ReadAsync<PreviewAnswer>(response);
        Assert.Equal(Catalog.Find(id)!.Request.Steps!.Count, preview.Steps.Count);
        Assert.All(preview.Steps, step =>
        {
            Assert.Null(step.Failure);
            Assert.Null(step.Skip);
            Assert.Contains("Ann", step.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", step.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", step.Text, StringComparison.Ordinal);
        });
        if (id == "post-purchase-review")
        {
            Assert.Contains("https://reviews.example/acme", preview.Steps[^1].Text, StringComparison.Ordinal);
        }
    }
}
