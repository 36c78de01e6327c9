namespace FollowUp.Tests.Fixtures.Browser;

/// <summary>The test classes that share one <see cref="BrowserFixture"/>: <c>[Collection(BrowserCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Browser";
}
