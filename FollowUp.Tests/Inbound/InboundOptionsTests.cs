using FollowUp.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Inbound;

/// <summary><c>FollowUp:Inbound</c>: bound from configuration, trusting no unauthenticated sender by default, and checked on start.</summary>
public sealed class InboundOptionsTests
{
    private static FollowUpOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.Section);
        return services.BuildServiceProvider().GetRequiredService<IOptions<FollowUpOptions>>().Value;
    }

    [Fact]
    public void Bind_Nothing_TrustsNoUnauthenticatedSenderAndNoAuthenticationResults()
    {
        var inbound = Bind([]).Inbound;

        Assert.False(inbound.TrustUnauthenticatedSenders);
        Assert.Null(inbound.AuthServId);
    }

    [Fact]
    public void Bind_Settings_AreRead()
    {
        var inbound = Bind(new() { ["FollowUp:Inbound:TrustUnauthenticatedSenders"] = "true", ["FollowUp:Inbound:AuthServId"] = "mx.acme.example" }).Inbound;

        Assert.True(inbound.TrustUnauthenticatedSenders);
        Assert.Equal("mx.acme.example", inbound.AuthServId);
    }

    [Theory]
    [InlineData("mx.acme.example", true)]
    [InlineData("", true)]
    [InlineData("mx.acme.example; dmarc=pass", false)]
    [InlineData("mx acme", false)]
    public void Validate_AuthServId_MustBeOneId(string authServId, bool valid)
    {
        var options = new FollowUpOptions { Inbound = { AuthServId = authServId } };

        var result = new FollowUpOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("FollowUp:Inbound:AuthServId", result.FailureMessage, StringComparison.Ordinal);
            Assert.DoesNotContain(authServId, result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
