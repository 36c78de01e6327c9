using System.Text.Json;

namespace FollowUp.Tests.Infra;

/// <summary>Reads the compiled ARM template for the dashboard's sign-in: App Service Authentication only with a client id, letting every other caller through, and the allow-lists as app settings.</summary>
public sealed class BicepSignInTests
{
    [Fact]
    public async Task Build_AuthSettings_AreDeployedOnlyWithAClientId()
    {
        var template = await CompiledTemplate.RootAsync();

        var auth = Assert.Single(
            CompiledTemplate.OfType(template, "Microsoft.Web/sites/config"),
            resource => resource.GetProperty("name").GetString()!.Contains("'authsettingsV2'", StringComparison.Ordinal));
        Assert.Equal("[not(empty(parameters('signInClientId')))]", CompiledTemplate.Condition(auth));

        var functions = CompiledTemplate.ModuleDeclaring(template, "Microsoft.Web/sites").GetProperty("properties").GetProperty("parameters");
        Assert.Equal("[parameters('dashboardClientId')]", functions.GetProperty("signInClientId").GetProperty("value").GetString());
        var parameter = template.GetProperty("parameters").GetProperty("dashboardClientId");
        Assert.Equal("", parameter.GetProperty("defaultValue").GetString());
    }

    [Fact]
    public async Task Build_AuthSettings_LetUnauthenticatedCallersThroughAndSignInWithEntra()
    {
        var template = await CompiledTemplate.RootAsync();

        var auth = CompiledTemplate.OfType(template, "Microsoft.Web/sites/config")
            .Single(resource => resource.GetProperty("name").GetString()!.Contains("'authsettingsV2'", StringComparison.Ordinal))
            .GetProperty("properties");

        Assert.True(auth.GetProperty("platform").GetProperty("enabled").GetBoolean());
        var global = auth.GetProperty("globalValidation");
        Assert.False(global.GetProperty("requireAuthentication").GetBoolean());
        Assert.Equal("AllowAnonymous", global.GetProperty("unauthenticatedClientAction").GetString());
        Assert.True(auth.GetProperty("httpSettings").GetProperty("requireHttps").GetBoolean());
        var entra = auth.GetProperty("identityProviders").GetProperty("azureActiveDirectory");
        Assert.True(entra.GetProperty("enabled").GetBoolean());
        var registration = entra.GetProperty("registration");
        Assert.Equal("[parameters('signInClientId')]", registration.GetProperty("clientId").GetString());
        Assert.Contains("tenant().tenantId", registration.GetProperty("openIdIssuer").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/v2.0', environment().authentication.loginEndpoint, tenant().tenantId)]", registration.GetProperty("openIdIssuer").GetString(), StringComparison.Ordinal);
        Assert.False(registration.TryGetProperty("clientSecretSettingName", out _), "No client secret: sign-in asks for an ID token only.");
        Assert.Contains("[parameters('signInClientId')]", entra.GetProperty("validation").GetProperty("allowedAudiences").EnumerateArray().Select(audience => audience.GetString()));
    }

    [Theory]
    [InlineData("dashboardAllowedUsers", "FollowUp__Dashboard__AllowedUsers")]
    [InlineData("dashboardAllowedGroup", "FollowUp__Dashboard__AllowedGroup")]
    public async Task Build_AllowList_IsPassedAsAnAppSettingWhenGiven(string parameter, string setting)
    {
        var template = await CompiledTemplate.RootAsync();

        var optional = template.GetProperty("variables").GetProperty("optionalSettings").GetString()!;
        Assert.Contains($"if(empty(parameters('{parameter}')), createObject(), createObject('{setting}', parameters('{parameter}')))", optional, StringComparison.Ordinal);
        var appSettings = CompiledTemplate.ModuleDeclaring(template, "Microsoft.Web/sites").GetProperty("properties").GetProperty("parameters")
            .GetProperty("appSettings").GetProperty("value").GetString()!;
        Assert.Contains("variables('optionalSettings')", appSettings, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, template.GetProperty("parameters").GetProperty(parameter).GetProperty("defaultValue").ValueKind);
    }

    [Fact]
    public async Task Parameters_DashboardSettings_ComeFromTheAzdEnvironment()
    {
        using var parameters = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(CompiledTemplate.Infra, "main.parameters.json")));
        var values = parameters.RootElement.GetProperty("parameters");

        Assert.Equal("${FOLLOWUP_DASHBOARD_CLIENT_ID}", values.GetProperty("dashboardClientId").GetProperty("value").GetString());
        Assert.Equal("${FOLLOWUP_DASHBOARD_ALLOWED_USERS}", values.GetProperty("dashboardAllowedUsers").GetProperty("value").GetString());
        Assert.Equal("${FOLLOWUP_DASHBOARD_ALLOWED_GROUP}", values.GetProperty("dashboardAllowedGroup").GetProperty("value").GetString());
    }
}
