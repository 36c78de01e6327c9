using System.Text.Json;

namespace FollowUp.Tests.Infra;

/// <summary>Reads the compiled ARM template for the deployment's security settings: the signing key, ACS's role, publishing credentials, purge protection.</summary>
public sealed class BicepSecurityTests
{
    // Built-in role definition ids that would give the app more than sending email.
    private static readonly string[] BroadRoles =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
        "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
        "09976791-48a7-449e-bb21-39d1a415f350", // Communication and Email Service Owner
    ];

    [Fact]
    public async Task Build_SigningKeySecret_IsCreatedOnlyWhenTheHookFindsNone()
    {
        var template = await CompiledTemplate.RootAsync();

        var secret = Assert.Single(
            CompiledTemplate.OfType(template, "Microsoft.KeyVault/vaults/secrets"),
            resource => resource.GetProperty("name").GetString()!.Contains("'signing-key'", StringComparison.Ordinal));
        Assert.Equal("[parameters('createSigningKeySecret')]", CompiledTemplate.Condition(secret));

        var vault = CompiledTemplate.ModuleDeclaring(template, "Microsoft.KeyVault/vaults").GetProperty("properties").GetProperty("parameters");
        Assert.Equal("[parameters('createSigningKeySecret')]", vault.GetProperty("createSigningKeySecret").GetProperty("value").GetString());
        Assert.DoesNotContain("signing-key", vault.GetProperty("secrets").GetProperty("value").GetString()!, StringComparison.Ordinal);

        var parameter = template.GetProperty("parameters").GetProperty("createSigningKeySecret");
        Assert.Equal("bool", parameter.GetProperty("type").GetString());
        Assert.False(parameter.GetProperty("defaultValue").GetBoolean());
    }

    [Fact]
    public async Task Build_EverySecretResource_IsConditional()
    {
        var template = await CompiledTemplate.RootAsync();

        Assert.All(CompiledTemplate.OfType(template, "Microsoft.KeyVault/vaults/secrets"), secret => Assert.NotNull(CompiledTemplate.Condition(secret)));
    }

    [Fact]
    public async Task Build_AcsRoleAssignment_IsACustomRoleThatOnlySends()
    {
        var template = await CompiledTemplate.RootAsync();

        var assignment = Assert.Single(
            CompiledTemplate.OfType(template, "Microsoft.Authorization/roleAssignments"),
            resource => resource.GetProperty("scope").GetString()!.Contains("Microsoft.Communication/communicationServices", StringComparison.Ordinal));
        var roleDefinitionId = assignment.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!;
        var role = Assert.Single(CompiledTemplate.OfType(template, "Microsoft.Authorization/roleDefinitions"));
        Assert.Equal($"[resourceId('Microsoft.Authorization/roleDefinitions', {role.GetProperty("name").GetString()![1..^1]})]", roleDefinitionId);

        var properties = role.GetProperty("properties");
        Assert.Equal("customRole", properties.GetProperty("type").GetString());
        Assert.Equal(["[resourceGroup().id]"], properties.GetProperty("assignableScopes").EnumerateArray().Select(scope => scope.GetString()));
        var permissions = Assert.Single(properties.GetProperty("permissions").EnumerateArray().ToArray());
        Assert.Equal(
            [
                "Microsoft.Communication/CommunicationServices/Read",
                "Microsoft.Communication/CommunicationServices/Write",
                "Microsoft.Communication/EmailServices/write",
            ],
            Strings(permissions, "actions"));
        Assert.Empty(Strings(permissions, "dataActions"));
    }

    [Fact]
    public async Task Build_NoRoleAssignment_UsesOwnerContributorOrTheAcsOwnerRole()
    {
        var template = await CompiledTemplate.RootAsync();

        Assert.All(CompiledTemplate.OfType(template, "Microsoft.Authorization/roleAssignments"), assignment =>
        {
            var roleDefinitionId = assignment.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!;
            Assert.DoesNotContain(BroadRoles, role => roleDefinitionId.Contains(role, StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public async Task Build_FunctionApp_RefusesScmAndFtpBasicAuthentication()
    {
        var template = await CompiledTemplate.RootAsync();

        var policies = CompiledTemplate.OfType(template, "Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToArray();

        Assert.Equal(["ftp", "scm"], policies.Select(PolicyName).Order(StringComparer.Ordinal));
        Assert.All(policies, policy =>
        {
            Assert.Null(CompiledTemplate.Condition(policy));
            Assert.False(policy.GetProperty("properties").GetProperty("allow").GetBoolean());
        });
    }

    [Fact]
    public async Task Build_KeyVault_HasSoftDeleteAndPurgeProtection()
    {
        var template = await CompiledTemplate.RootAsync();

        var vault = Assert.Single(CompiledTemplate.OfType(template, "Microsoft.KeyVault/vaults")).GetProperty("properties");

        Assert.True(vault.GetProperty("enableSoftDelete").GetBoolean());
        Assert.True(vault.GetProperty("enablePurgeProtection").GetBoolean());
    }

    // The compiled name is format('{0}/{1}', parameters('name'), 'scm'): the policy is its last quoted argument.
    private static string PolicyName(JsonElement policy)
    {
        var name = policy.GetProperty("name").GetString()!;
        var end = name.LastIndexOf('\'');
        var start = name.LastIndexOf('\'', end - 1);
        return name[(start + 1)..end];
    }

    private static string[] Strings(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(item => item.GetString()!).ToArray();
}
