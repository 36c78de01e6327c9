using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace FollowUp.Tests.Infra;

/// <summary>Reads the GitHub workflows: Deploy runs only for a push to this repository's main, through a protected environment, with pinned actions.</summary>
public sealed partial class WorkflowTests
{
    private static readonly WorkflowFile Deploy = WorkflowFile.Load("deploy.yml");
    private static readonly WorkflowFile Ci = WorkflowFile.Load("ci.yml");

    private const string Repository = "acme/followup";

    public static TheoryData<string, string, string, string, string, bool> Runs => new()
    {
        // conclusion, event, head branch, head repository, this repository: deploys?
        { "success", "push", "main", Repository, Repository, true },
        { "success", "pull_request", "main", "attacker/followup", Repository, false },
        { "success", "pull_request", "main", Repository, Repository, false },
        { "success", "pull_request_target", "main", "attacker/followup", Repository, false },
        { "success", "push", "main", "attacker/followup", Repository, false },
        { "success", "push", "feature", Repository, Repository, false },
        { "failure", "push", "main", Repository, Repository, false },
        { "success", "workflow_dispatch", "main", Repository, Repository, false },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void DeployIf_CiRun_DeploysOnlyAPushToThisRepositorysMain(
        string conclusion, string triggeringEvent, string headBranch, string headRepository, string repository, bool deploys)
    {
        var context = new Dictionary<string, string?>
        {
            ["github.event_name"] = "workflow_run",
            ["github.repository"] = repository,
            ["github.event.workflow_run.conclusion"] = conclusion,
            ["github.event.workflow_run.event"] = triggeringEvent,
            ["github.event.workflow_run.head_branch"] = headBranch,
            ["github.event.workflow_run.head_repository.full_name"] = headRepository,
        };

        Assert.Equal(deploys, ActionsExpression.Evaluate(DeployCondition(), context));
    }

    [Fact]
    public void DeployIf_RunWithoutWorkflowRunPayload_DoesNotDeploy()
    {
        var context = new Dictionary<string, string?> { ["github.event_name"] = "push", ["github.repository"] = Repository };

        Assert.False(ActionsExpression.Evaluate(DeployCondition(), context));
    }

    [Fact]
    public void DeployIf_Text_NamesTheEventTheBranchAndTheRepository()
    {
        var condition = Whitespace().Replace(DeployCondition(), " ");

        Assert.Contains("github.event.workflow_run.event == 'push'", condition, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.head_branch == 'main'", condition, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.head_repository.full_name == github.repository", condition, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.conclusion == 'success'", condition, StringComparison.Ordinal);
    }

    [Fact]
    public void DeployOn_Triggers_OnlyCompletedCiRuns()
    {
        var on = (YamlMappingNode)WorkflowFile.Child(Deploy.Root, "on")!;
        var triggers = on.Children.Keys.Select(key => ((YamlScalarNode)key).Value!).ToArray();

        Assert.Equal(["workflow_run"], triggers);
        var workflowRun = on.Children[new YamlScalarNode("workflow_run")];
        var workflows = ((YamlSequenceNode)WorkflowFile.Child(workflowRun, "workflows")!).Children.Select(node => ((YamlScalarNode)node).Value!);
        Assert.Equal([Scalar(Ci.Root, "name")!], workflows);
        Assert.DoesNotContain(Deploy.Scalars(), scalar => scalar.Path.StartsWith("on.pull_request", StringComparison.Ordinal));
    }

    [Fact]
    public void DeployJobs_Environment_IsProtectedProduction()
    {
        Assert.All(Deploy.Jobs(), job =>
        {
            var environment = WorkflowFile.Child(job.Job, "environment");
            var name = environment switch
            {
                YamlScalarNode scalar => scalar.Value,
                YamlMappingNode mapping => Scalar(mapping, "name"),
                _ => null,
            };
            Assert.Equal("production", name);
        });
    }

    [Fact]
    public void DeployIdToken_IsGrantedOnlyToTheDeployJob()
    {
        var workflowPermissions = WorkflowFile.Child(Deploy.Root, "permissions");

        Assert.True(workflowPermissions is YamlMappingNode { Children.Count: 0 }, "The workflow-level permissions must be {}.");
        Assert.All(Deploy.Jobs(), job => Assert.Equal("write", Scalar(WorkflowFile.Child(job.Job, "permissions")!, "id-token")));
    }

    [Theory]
    [InlineData("deploy.yml")]
    [InlineData("ci.yml")]
    public void Secrets_AreGivenOnlyToSteps(string name)
    {
        var workflow = name == Deploy.Name ? Deploy : Ci;

        var misplaced = workflow.Scalars()
            .Where(scalar => scalar.Value.Contains("secrets.", StringComparison.Ordinal) && !StepEnvironment().IsMatch(scalar.Path))
            .Select(scalar => scalar.Path)
            .ToArray();

        Assert.True(misplaced.Length == 0, $"Secrets outside a step's env in {name}: {string.Join(", ", misplaced)}");
    }

    [Fact]
    public void DeployProvisionStep_GetsTheSecretsItNeeds()
    {
        var secretSteps = Deploy.Scalars()
            .Where(scalar => scalar.Value.Contains("secrets.", StringComparison.Ordinal))
            .Select(scalar => scalar.Path)
            .ToArray();

        Assert.Contains(secretSteps, path => path.EndsWith(".env.AZD_INITIAL_ENVIRONMENT_CONFIG", StringComparison.Ordinal));
        Assert.Contains(secretSteps, path => path.EndsWith(".env.TWILIO_AUTH_TOKEN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("deploy.yml")]
    [InlineData("ci.yml")]
    public void Uses_EveryAction_IsPinnedByCommitShaWithItsVersion(string name)
    {
        var workflow = name == Deploy.Name ? Deploy : Ci;

        var uses = workflow.Scalars().Where(scalar => scalar.Path.EndsWith(".uses", StringComparison.Ordinal)).Select(scalar => scalar.Value).ToArray();
        var usesLines = workflow.Lines.Where(line => UsesLine().IsMatch(line)).ToArray();

        Assert.NotEmpty(uses);
        Assert.All(uses, value => Assert.Matches(PinnedAction(), value));
        Assert.Equal(uses.Length, usesLines.Length);
        Assert.All(usesLines, line => Assert.Matches(VersionComment(), line));
    }

    private static string DeployCondition() => Scalar(Deploy.Jobs().Single().Job, "if")
        ?? throw new InvalidOperationException("The deploy job has no if.");

    private static string? Scalar(YamlNode node, string key) => (WorkflowFile.Child(node, key) as YamlScalarNode)?.Value;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^jobs\.[^.]+\.steps\[\d+\]\.env\.[A-Za-z0-9_]+$")]
    private static partial Regex StepEnvironment();

    [GeneratedRegex(@"^[A-Za-z0-9-]+/[A-Za-z0-9._/-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"^\s*(-\s+)?uses:")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$")]
    private static partial Regex VersionComment();
}
