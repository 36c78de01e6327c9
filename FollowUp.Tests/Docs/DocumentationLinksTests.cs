using FollowUp.Local.Azurite;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace FollowUp.Tests.Docs;

/// <summary>The README and the reference pages under docs/: every relative link reaches a file, and every anchor a heading.</summary>
public sealed class DocumentationLinksTests
{
    private static readonly string Root = AzuritePackage.FindRepositoryRoot();

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Build();

    /// <summary>The Markdown files whose links are checked: the README, SECURITY.md and every page under docs/.</summary>
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md", "SECURITY.md" };
        foreach (var page in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(Root, page).Replace('\\', '/'));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void RelativeLinks_OfEachPage_ReachAFileAndHeading(string page)
    {
        var path = Path.Combine(Root, page);
        var broken = new List<string>();
        foreach (var url in Parse(path).Descendants<LinkInline>().Select(link => link.Url ?? ""))
        {
            if (url.Length == 0 || url.Contains("://", StringComparison.Ordinal) || url.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = url.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? url : url[..hash];
            var target = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                broken.Add($"{url}: no such file");
            }
            else if (hash >= 0 && !Headings(target).Contains(url[(hash + 1)..]))
            {
                broken.Add($"{url}: no such heading");
            }
        }

        Assert.Empty(broken);
    }

    [Fact]
    public void DocsIndex_ListsEveryPage_AndTheReadmeLinksIt()
    {
        var docs = Path.Combine(Root, "docs");
        var listed = Parse(Path.Combine(docs, "README.md")).Descendants<LinkInline>().Select(link => link.Url).ToHashSet();
        var pages = Directory.GetFiles(docs, "*.md").Select(Path.GetFileName).Where(name => name != "README.md").ToList();

        Assert.NotEmpty(pages);
        Assert.All(pages, name => Assert.Contains(name, listed));
        Assert.Contains("docs/settings.md", Parse(Path.Combine(Root, "README.md")).Descendants<LinkInline>().Select(link => link.Url));
    }

    private static MarkdownDocument Parse(string path) => Markdown.Parse(File.ReadAllText(path), Pipeline);

    private static HashSet<string> Headings(string path) =>
        path.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            ? Parse(path).Descendants<HeadingBlock>().Select(heading => heading.GetAttributes().Id ?? "").ToHashSet()
            : [];
}
