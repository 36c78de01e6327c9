using FollowUp.Local.Azurite;
using YamlDotNet.RepresentationModel;

namespace FollowUp.Tests.Infra;

/// <summary>A GitHub workflow under <c>.github/workflows</c>, parsed with YamlDotNet, with its raw lines for what YAML drops (comments).</summary>
internal sealed class WorkflowFile
{
    private WorkflowFile(string name, YamlMappingNode root, string[] lines)
    {
        Name = name;
        Root = root;
        Lines = lines;
    }

    /// <summary>The file name, such as <c>deploy.yml</c>.</summary>
    public string Name { get; }

    /// <summary>The document's top-level mapping.</summary>
    public YamlMappingNode Root { get; }

    /// <summary>The file's lines as written.</summary>
    public string[] Lines { get; }

    /// <summary>Reads and parses <c>.github/workflows/<paramref name="name"/></c> of the repository.</summary>
    public static WorkflowFile Load(string name)
    {
        var path = Path.Combine(AzuritePackage.FindRepositoryRoot(), ".github", "workflows", name);
        var text = File.ReadAllText(path);
        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            stream.Load(reader);
        }

        return new WorkflowFile(name, (YamlMappingNode)stream.Documents.Single().RootNode, text.Split('\n'));
    }

    /// <summary>The mapping at <paramref name="key"/> of <paramref name="node"/>, or null when absent.</summary>
    public static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    /// <summary>Each job of the workflow by its id.</summary>
    public IEnumerable<(string Id, YamlMappingNode Job)> Jobs() =>
        ((YamlMappingNode)Child(Root, "jobs")!).Children.Select(pair => (((YamlScalarNode)pair.Key).Value!, (YamlMappingNode)pair.Value));

    /// <summary>Every scalar of the document with its path (<c>jobs.deploy.steps[2].env.X</c>).</summary>
    public IEnumerable<(string Path, string Value)> Scalars() => Scalars(Root, "");

    private static IEnumerable<(string Path, string Value)> Scalars(YamlNode node, string path) => node switch
    {
        YamlScalarNode scalar => [(path, scalar.Value ?? "")],
        YamlMappingNode mapping => mapping.Children.SelectMany(pair =>
            Scalars(pair.Value, path.Length == 0 ? ((YamlScalarNode)pair.Key).Value! : $"{path}.{((YamlScalarNode)pair.Key).Value}")),
        YamlSequenceNode sequence => sequence.Children.SelectMany((item, index) => Scalars(item, $"{path}[{index}]")),
        _ => [],
    };
}
