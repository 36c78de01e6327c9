using System.Diagnostics;
using System.Text.Json;
using FollowUp.Local.Azurite;
using FollowUp.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace FollowUp.Tests.Infra;

/// <summary>
/// Runs <c>infra/hooks/signing-key.sh</c> with stand-ins for <c>az</c> and <c>azd</c> on its PATH (the Azure CLI cannot
/// reach Azure here): it asks the Bicep to create the signing key only when Azure says there is none, and stops on
/// any answer it cannot read.
/// </summary>
public sealed class SigningKeyHookTests : IDisposable
{
    private const string VaultId = "/subscriptions/sub-1/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv-followup-abc";

    // The stand-in az answers from FAKE_* variables and logs its arguments; the stand-in azd logs its arguments.
    private const string FakeAz = """
        #!/bin/sh
        echo "$*" >> "$FAKE_AZ_LOG"
        case "$1 $2" in
          "group exists")
            if [ "$FAKE_GROUP_EXISTS" = fail ]; then echo "ERROR: (AuthorizationFailed) no access" >&2; exit 1; fi
            echo "$FAKE_GROUP_EXISTS" ;;
          "keyvault list") echo "$FAKE_VAULT_ID" ;;
          "rest --method")
            case "$FAKE_SECRET" in
              found) exit 0 ;;
              missing) echo 'ERROR: Not Found({"error":{"code":"ResourceNotFound","message":"gone"}})' >&2; exit 1 ;;
              *) echo 'ERROR: Forbidden({"error":{"code":"AuthorizationFailed","message":"no"}})' >&2; exit 1 ;;
            esac ;;
          *) echo "unexpected: az $*" >&2; exit 2 ;;
        esac
        """;

    private const string FakeAzd = """
        #!/bin/sh
        echo "$*" >> "$FAKE_AZD_LOG"
        """;

    private static readonly string Root = AzuritePackage.FindRepositoryRoot();

    private readonly TempFolder folder = new();

    public SigningKeyHookTests()
    {
        Install("az", FakeAz);
        Install("azd", FakeAzd);
    }

    [Theory]
    [InlineData("false", "", "found", "true")]
    [InlineData("true", "", "found", "true")]
    [InlineData("true", VaultId, "missing", "true")]
    [InlineData("true", VaultId, "found", "false")]
    public async Task Hook_AzureAnswers_SetsCreateOnlyWhenThereIsNoKey(string groupExists, string vaultId, string secret, string create)
    {
        var result = await RunHookAsync(groupExists, vaultId, secret);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal([$"env set FOLLOWUP_CREATE_SIGNING_KEY {create}"], AzdCalls());
    }

    [Fact]
    public async Task Hook_ExistingVault_AsksForTheSigningKeySecretOfThatVault()
    {
        await RunHookAsync("true", VaultId, "found");

        var rest = Assert.Single(File.ReadAllLines(Log("az")), line => line.StartsWith("rest", StringComparison.Ordinal));
        Assert.Contains($"--url {VaultId}/secrets/signing-key?api-version=", rest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fail", "", "found")]
    [InlineData("maybe", "", "found")]
    [InlineData("true", VaultId, "forbidden")]
    public async Task Hook_UnreadableAnswer_StopsWithoutSettingAnything(string groupExists, string vaultId, string secret)
    {
        var result = await RunHookAsync(groupExists, vaultId, secret);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(AzdCalls());
    }

    [Fact]
    public void AzureYaml_PreprovisionHook_RunsTheScriptAndStopsOnError()
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(Root, "azure.yaml"))))
        {
            stream.Load(reader);
        }

        var hook = WorkflowFile.Child(WorkflowFile.Child(stream.Documents.Single().RootNode, "hooks")!, "preprovision")!;

        Assert.Equal("./infra/hooks/signing-key.sh", ((YamlScalarNode)WorkflowFile.Child(hook, "run")!).Value);
        Assert.Equal("false", ((YamlScalarNode)WorkflowFile.Child(hook, "continueOnError")!).Value);
    }

    [Fact]
    public void MainParameters_CreateSigningKeySecret_ComesFromTheHooksVariableAndDefaultsToFalse()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(CompiledTemplate.Infra, "main.parameters.json")));

        var value = parameters.RootElement.GetProperty("parameters").GetProperty("createSigningKeySecret").GetProperty("value").GetString();

        Assert.Equal("${FOLLOWUP_CREATE_SIGNING_KEY=false}", value);
    }

    public void Dispose() => folder.Dispose();

    private async Task<(int ExitCode, string Error)> RunHookAsync(string groupExists, string vaultId, string secret)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Root, "infra", "hooks", "signing-key.sh"));
        start.Environment["PATH"] = $"{folder.Path}:/usr/bin:/bin";
        start.Environment["AZURE_ENV_NAME"] = "prod";
        start.Environment["AZURE_SUBSCRIPTION_ID"] = "sub-1";
        start.Environment["FAKE_AZ_LOG"] = Log("az");
        start.Environment["FAKE_AZD_LOG"] = Log("azd");
        start.Environment["FAKE_GROUP_EXISTS"] = groupExists;
        start.Environment["FAKE_VAULT_ID"] = vaultId;
        start.Environment["FAKE_SECRET"] = secret;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("sh did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        await output;
        return (process.ExitCode, await error);
    }

    private string[] AzdCalls() => File.Exists(Log("azd")) ? File.ReadAllLines(Log("azd")) : [];

    private string Log(string tool) => Path.Combine(folder.Path, $"{tool}.log");

    private void Install(string name, string script)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The hook and its stand-ins are sh scripts.");
        }

        var path = Path.Combine(folder.Path, name);
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
